"""The worker's jobs: what each does (registry), and the scheduler that runs them (worker)."""
