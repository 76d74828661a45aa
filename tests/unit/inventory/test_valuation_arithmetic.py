"""The shared rounding steps, checked against exact fractions rounded half up by hand."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.inventory.valuation.arithmetic import amount_at, cost_per_unit, share

# the largest numbers storage allows: 18 digits at the scale of each kind
quantities = st.integers(1, 10**18 - 1).map(lambda n: D(n).scaleb(-6))
costs = st.integers(0, 10**18 - 1).map(lambda n: D(n).scaleb(-6))
amounts = st.integers(0, 10**16 - 1).map(lambda n: D(n).scaleb(-2))


def half_up(exact: Fraction, decimals: int) -> D:
    scaled = abs(exact) * 10**decimals
    whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    return D(whole if exact >= 0 else -whole).scaleb(-decimals)


def test_amounts_round_half_up_not_to_even() -> None:
    # 5 x 0.125 = 0.625 -> 0.63 (banker's rounding would give 0.62)
    assert amount_at(D("5"), D("0.125")) == D("0.63")


def test_unit_costs_keep_six_decimals_rounded_half_up() -> None:
    # 2.00 / 3 = 0.6666666.. -> 0.666667
    assert cost_per_unit(D("2.00"), D("3")) == D("0.666667")


def test_a_large_share_is_rounded_once() -> None:
    # exactly half of 81,604,980,636,278.63 is ...139.315 -> ...139.32; at the default 28
    # digits the product is rounded first and the result comes out a cent short
    share_of = share(D("81604980636278.63"), D("464495611.373500"), D("928991222.747000"))
    assert share_of == D("40802490318139.32")


@given(qty=quantities, unit_cost=costs)
def test_an_amount_is_the_exact_product_rounded_half_up(qty: D, unit_cost: D) -> None:
    assert amount_at(qty, unit_cost) == half_up(Fraction(qty) * Fraction(unit_cost), 2)


@given(amount=amounts, whole=quantities, data=st.data())
def test_a_share_is_the_exact_proportion_rounded_half_up(
    amount: D, whole: D, data: st.DataObject
) -> None:
    part = D(data.draw(st.integers(1, int(whole.scaleb(6))))).scaleb(-6)
    exact = Fraction(amount) * Fraction(part) / Fraction(whole)
    assert share(amount, part, whole) == half_up(exact, 2)
    assert 0 <= share(amount, part, whole) <= amount


@given(value=amounts, qty=quantities)
def test_a_unit_cost_is_the_exact_quotient_rounded_half_up(value: D, qty: D) -> None:
    assert cost_per_unit(value, qty) == half_up(Fraction(value) / Fraction(qty), 6)
