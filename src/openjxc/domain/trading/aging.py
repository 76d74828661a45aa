"""Aging (账龄): open amounts in buckets of days past their due date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from openjxc.domain.shared.errors import ValidationError

#: the longest bucket limit: a hundred years of days (beyond, no date can be counted back)
MAX_DAYS = 36_500


def bucket_names(limits: Sequence[int]) -> list[str]:
    """``[30, 60, 90]`` → not_due, 1-30, 31-60, 61-90, >90."""
    if (
        not limits
        or list(limits) != sorted(set(limits))
        or not 0 < limits[0] <= limits[-1] <= MAX_DAYS
    ):
        raise ValidationError("invalid_buckets", field="buckets")
    names, low = ["not_due"], 1
    for limit in limits:
        names.append(f"{low}-{limit}")
        low = limit + 1
    names.append(f">{limits[-1]}")
    return names


def bucket_starts(as_of: date, limits: Sequence[int]) -> list[date]:
    """The earliest due date of each bucket but the last, seen on ``as_of``: an amount due on
    ``d`` is in the first bucket whose start is on or before ``d`` (else in the last one).

    ``[30, 60, 90]`` on 12-31 → not_due from 12-31, 1-30 from 12-01, 31-60 from 11-01, …
    """
    bucket_names(limits)  # checks the limits
    return [as_of] + [_days_before(as_of, limit) for limit in limits]


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:  # before year 1: every due date is later
        return date.min
