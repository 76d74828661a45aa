"""Numbers typed as text are ASCII digits with one optional point (issue #16 §13)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.domain.shared.checks import whole
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import money, quantity, to_decimal


@pytest.mark.parametrize(
    "text", ["1_000", "١٢", "１２", "12．5", "1e3", "1E+3", "٣.٥", "1.2.3", "", ".", "NaN", "12 5"]
)
def test_anything_but_ascii_digits_and_one_point_is_not_a_number(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        to_decimal(text, "qty")
    assert error.value.code == "not_a_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12"), (" 12.50 ", "12.50"), ("-3", "-3"), ("+0.5", "0.5"), (".5", "0.5"), ("7.", "7")],
)
def test_ascii_numbers_are_read_exactly(text: str, expected: str) -> None:
    assert to_decimal(text, "qty") == Decimal(expected)


def test_numbers_that_arrive_as_numbers_are_unchanged() -> None:
    assert money(Decimal("1E+3")) == Decimal("1000.00")
    assert quantity(12) == Decimal(12)


@pytest.mark.parametrize("text", ["３", "٣", "1_0"])
def test_whole_numbers_are_ascii_digits_too(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        whole(text, "days", 0, 100)
    assert error.value.code == "not_a_number"
