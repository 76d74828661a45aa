"""A job's schedule (cron or a fixed interval), the status of its runs, its lease length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from openjxc.domain.shared.errors import ValidationError

#: the shortest interval: a job every minute is already a lot of checking
MIN_INTERVAL_SECONDS = 60
#: the longest interval one can set (a year)
MAX_INTERVAL_SECONDS = 366 * 24 * 3600
#: how long a worker holds a job it started unless it finishes first: a worker that died
#: mid-run frees its jobs after this
DEFAULT_LEASE = timedelta(minutes=30)


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class Schedule:
    """Either a crontab line (minute hour day month weekday, server time) or an interval."""

    cron: str | None = None
    interval_seconds: int | None = None

    def __post_init__(self) -> None:
        if (self.cron is None) == (self.interval_seconds is None):
            raise ValidationError("schedule_needs_one", field="schedule")
        if self.cron is not None and len(self.cron.split()) != 5:
            raise ValidationError("invalid_cron", field="cron", value=self.cron)
        if self.interval_seconds is not None and not (
            MIN_INTERVAL_SECONDS <= self.interval_seconds <= MAX_INTERVAL_SECONDS
        ):
            raise ValidationError(
                "invalid_interval",
                field="interval_seconds",
                minimum=MIN_INTERVAL_SECONDS,
                maximum=MAX_INTERVAL_SECONDS,
            )

    def describe(self) -> str:
        if self.cron is not None:
            return f"cron {self.cron}"
        return f"every {self.interval_seconds}s"


@dataclass(frozen=True)
class Job:
    """A job as stored: its schedule, whether the worker runs it, and its own settings."""

    name: str
    schedule: Schedule
    enabled: bool = True
    params: dict[str, object] | None = None
