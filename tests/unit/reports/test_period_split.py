"""Which whole months of a dashboard period are read from the stored month totals."""

from __future__ import annotations

from datetime import date

from openjxc.queries.reports.period_totals import split


def test_a_year_reads_its_months_up_to_the_latest_closed_one_and_the_rest_live() -> None:
    months, live = split(date(2026, 1, 1), date(2026, 12, 1), "2026-03")
    assert months == ("2026-01", "2026-02", "2026-03")
    assert live == date(2026, 4, 1)


def test_nothing_closed_reads_everything_live() -> None:
    assert split(date(2026, 1, 1), date(2026, 12, 1), None) == ((), date(2026, 1, 1))


def test_a_month_not_yet_ended_within_the_period_is_read_live() -> None:
    # the as-of day lies in the closed month: the period ends before the month does
    assert split(date(2026, 10, 1), date(2026, 10, 15), "2026-11") == ((), date(2026, 10, 1))
    assert split(date(2026, 10, 1), date(2026, 10, 31), "2026-11") == (
        ("2026-10",),
        date(2026, 11, 1),
    )


def test_a_single_day_is_always_live() -> None:
    assert split(date(2026, 11, 1), date(2026, 11, 1), "2026-11") == ((), date(2026, 11, 1))
    assert split(date(2026, 11, 30), date(2026, 11, 30), "2026-11") == ((), date(2026, 11, 30))


def test_a_year_closed_through_december_reads_twelve_months() -> None:
    months, live = split(date(2026, 1, 1), date(2027, 1, 1), "2026-12")
    assert len(months) == 12
    assert live == date(2027, 1, 1)
