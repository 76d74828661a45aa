"""Scheduled jobs: their schedules, their leases and their runs."""
