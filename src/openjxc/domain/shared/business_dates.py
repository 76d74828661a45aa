"""The dates the books accept, and months written the one way period code compares them.

A document dated 0001-01-01 or 2206-05-01 is a typo, not business: it would sort before or
after everything, open or close periods nobody meant and, written without care, break the
month arithmetic of 结账. Postings are therefore dated within a configurable range (by
default 2000-01-01 to a year from today), and months are always ``YYYY-MM`` with four
digits, so that any valid date still sorts and closes correctly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from openjxc.domain.shared.checks import whole
from openjxc.domain.shared.errors import ValidationError

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 1
MAX_YEARS_AHEAD = 10


def month_of(day: date) -> str:
    """``YYYY-MM`` with a four-digit year (``strftime("%Y")`` drops the zeros of year 1)."""
    return f"{day.year:04d}-{day.month:02d}"


def years_later(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class BusinessDates:
    """Postings are dated from ``earliest`` to ``years_ahead`` years after today."""

    earliest: date = EARLIEST
    years_ahead: int = YEARS_AHEAD

    def latest(self, today: date) -> date:
        return years_later(today, self.years_ahead)

    def check(self, day: date, today: date, field: str = "date") -> None:
        """Refuse ``day`` outside the range with ``date_out_of_range``."""
        latest = self.latest(today)
        if not self.earliest <= day <= latest:
            raise ValidationError(
                "date_out_of_range",
                field=field,
                value=day.isoformat(),
                earliest=self.earliest.isoformat(),
                latest=latest.isoformat(),
            )

    def as_setting(self) -> dict[str, Any]:
        return {"earliest": self.earliest.isoformat(), "years_ahead": self.years_ahead}

    @classmethod
    def parse(cls, earliest: object, years_ahead: object) -> BusinessDates:
        """From user input: an ISO date after 1900 and 0 to 10 years ahead."""
        try:
            first = date.fromisoformat(str(earliest).strip())
        except ValueError:
            raise ValidationError(
                "invalid_date", field="earliest", value=str(earliest)[:20]
            ) from None
        if first.year < 1900:
            raise ValidationError("out_of_range", field="earliest", minimum=1900, maximum=9999)
        return cls(first, whole(years_ahead, "years_ahead", 0, MAX_YEARS_AHEAD))

    @classmethod
    def from_setting(cls, stored: Mapping[str, Any] | None) -> BusinessDates:
        if not stored:
            return cls()
        return cls.parse(
            stored.get("earliest", EARLIEST.isoformat()), stored.get("years_ahead", YEARS_AHEAD)
        )
