"""OpenJXC — open-source 进销存 (purchase–sales–inventory)."""

__version__ = "0.1.0"
