"""The business date range and the one month format (issue #16 §3)."""

from __future__ import annotations

from datetime import date

import pytest

from openjxc.adapters.db.snapshots import months_between
from openjxc.domain.shared.business_dates import BusinessDates, month_of, years_later
from openjxc.domain.shared.errors import ValidationError


def test_months_have_four_digit_years_whatever_the_date() -> None:
    assert month_of(date(1, 1, 1)) == "0001-01"
    assert month_of(date(999, 12, 31)) == "0999-12"
    assert months_between("0001-11", "0002-02") == ["0001-11", "0001-12", "0002-01", "0002-02"]


def test_a_year_from_29_february_is_28_february() -> None:
    assert years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_the_default_range_is_2000_to_a_year_from_today() -> None:
    today = date(2026, 12, 7)
    BusinessDates().check(date(2000, 1, 1), today)
    BusinessDates().check(date(2027, 12, 7), today)
    for day in (date(1999, 12, 31), date(2027, 12, 8)):
        with pytest.raises(ValidationError) as error:
            BusinessDates().check(day, today)
        assert error.value.code == "date_out_of_range"


@pytest.mark.parametrize(
    ("earliest", "years_ahead", "code"),
    [
        ("1899-12-31", 1, "out_of_range"),
        ("2000-13-01", 1, "invalid_date"),
        ("2000-01-01", 11, "out_of_range"),
    ],
)
def test_a_range_setting_out_of_bounds_is_refused(
    earliest: str, years_ahead: int, code: str
) -> None:
    with pytest.raises(ValidationError) as error:
        BusinessDates.parse(earliest, years_ahead)
    assert error.value.code == code
