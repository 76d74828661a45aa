"""Aging (账龄): open amounts in buckets of days past their due date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


def bucket_names(limits: Sequence[int]) -> list[str]:
    """``[30, 60, 90]`` → not_due, 1-30, 31-60, 61-90, >90."""
    if not limits or list(limits) != sorted(set(limits)) or limits[0] <= 0:
        raise ValidationError("invalid_buckets", field="buckets")
    names, low = ["not_due"], 1
    for limit in limits:
        names.append(f"{low}-{limit}")
        low = limit + 1
    names.append(f">{limits[-1]}")
    return names


def bucket_of(due: date, as_of: date, limits: Sequence[int]) -> str:
    """The bucket of an amount due on ``due``, seen on ``as_of``."""
    names = bucket_names(limits)
    overdue = (as_of - due).days
    if overdue <= 0:
        return names[0]
    for name, limit in zip(names[1:], limits, strict=False):
        if overdue <= limit:
            return name
    return names[-1]


def age(
    items: Sequence[tuple[date, Decimal]], as_of: date, limits: Sequence[int]
) -> dict[str, Decimal]:
    """Sum (due date, open amount) pairs into buckets; every bucket is present."""
    result = dict.fromkeys(bucket_names(limits), ZERO)
    for due, amount in items:
        result[bucket_of(due, as_of, limits)] += amount
    return result
