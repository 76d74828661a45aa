"""Aging buckets: names and the due dates they start at."""

from __future__ import annotations

from datetime import date

import pytest

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading.aging import bucket_names, bucket_starts


def test_buckets_are_named_and_start_at_the_right_due_dates() -> None:
    assert bucket_names([30, 60, 90]) == ["not_due", "1-30", "31-60", "61-90", ">90"]
    # an amount due on 12-01 is not due on 12-01; due 11-30 it is 1 day overdue (1-30);
    # due 11-01 it is 30 days overdue (still 1-30), due 10-31 31 days (31-60)
    assert bucket_starts(date(2026, 12, 1), [30, 60, 90]) == [
        date(2026, 12, 1),
        date(2026, 11, 1),
        date(2026, 10, 2),
        date(2026, 9, 2),
    ]


@pytest.mark.parametrize("limits", [[], [0, 30], [60, 30], [30, 30]])
def test_limits_must_be_increasing_positive_days(limits: list[int]) -> None:
    with pytest.raises(ValidationError):
        bucket_starts(date(2026, 12, 1), limits)
