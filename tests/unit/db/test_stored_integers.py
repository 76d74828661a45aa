"""Decimals turned into the scaled integers the ledger stores, as re-costing sends them."""

from decimal import Decimal, Inexact, InvalidOperation

import pytest

from openjxc.adapters.db.ledger import _int, _pg_scaled_array
from openjxc.domain.shared.numbers import MONEY_SCALE, QTY_SCALE


def test_money_values_become_cents() -> None:
    values = [Decimal("2.50"), Decimal("-0.40"), Decimal("0"), Decimal("-0.00"), Decimal("12")]
    assert _pg_scaled_array(values, MONEY_SCALE) == "{250,-040,000,-000,1200}"


def test_nulls_are_kept() -> None:
    values = [Decimal("1.5"), None, Decimal("-3")]
    assert _pg_scaled_array(values, QTY_SCALE) == "{1500000,NULL,-3000000}"


@pytest.mark.parametrize("values", [[Decimal("0.001")], [None, Decimal("1.005")]])
def test_a_digit_beyond_the_scale_is_refused(values: list[Decimal | None]) -> None:
    with pytest.raises(Inexact):
        _pg_scaled_array(values, MONEY_SCALE)


def test_more_digits_than_a_bigint_holds_are_refused() -> None:
    with pytest.raises(InvalidOperation):
        _pg_scaled_array([Decimal("1E+18")], MONEY_SCALE)


def test_both_paths_give_the_same_integers() -> None:
    values = [Decimal("3.141593"), Decimal("-7"), Decimal("0.000001")]
    text = _pg_scaled_array(values, QTY_SCALE)
    assert [int(t) for t in text.strip("{}").split(",")] == [_int(v, QTY_SCALE) for v in values]
