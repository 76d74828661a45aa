from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import exact, fixed, money, quantity, round_money


def test_amounts_round_half_up_to_the_cent() -> None:
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert round_money(Decimal("-0.125")) == Decimal("-0.13")
    assert round_money(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


def test_input_with_more_decimals_than_storable_is_refused_not_rounded() -> None:
    with pytest.raises(ValidationError) as error:
        money("12.345", "list_price")
    assert error.value.code == "too_many_decimals"
    assert error.value.params["field"] == "list_price"


def test_trailing_zeros_do_not_count_as_decimals() -> None:
    assert money("12.3400000") == Decimal("12.34")


@pytest.mark.parametrize("bad", ["abc", "", "NaN", "Infinity", "1e", 0.1, True])
def test_non_numbers_and_floats_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as error:
        quantity(bad)
    assert error.value.code == "not_a_number"


def test_numbers_beyond_64_bit_storage_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        quantity("10000000000000")
    assert error.value.code == "number_too_large"


@given(
    st.decimals(
        min_value=-(10**10), max_value=10**10, places=6, allow_nan=False, allow_infinity=False
    )
)
def test_any_value_within_scale_passes_through_unchanged(value: Decimal) -> None:
    assert exact(value, 6, "qty") == value


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        ("2.5", 3, "2.500"),
        ("24.000000", 0, "24"),
        ("1E+3", 0, "1000"),
        ("-3", 2, "-3.00"),
        ("-0.000000", 3, "0.000"),  # never a negative zero
    ],
)
def test_a_quantity_reads_to_its_units_own_decimals(value: str, decimals: int, text: str) -> None:
    assert fixed(Decimal(value), decimals) == text
