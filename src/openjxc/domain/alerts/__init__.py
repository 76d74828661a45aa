"""Alert rules (预警): what is watched, when a rule fires, who is told, in what words."""
