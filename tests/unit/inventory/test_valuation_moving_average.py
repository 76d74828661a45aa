"""Moving weighted average, worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.inventory.valuation.moving_average import MovingAverageState, issue, receive
from openjxc.domain.shared.errors import ValidationError


def test_receipts_average_and_issues_take_their_share_of_the_value() -> None:
    state, first = receive(MovingAverageState(), D("10"), unit_cost=D("2.00"))
    # 10 x 2.00 = 20.00
    assert (first.qty, first.value, state.qty, state.value) == (
        D("10"),
        D("20.00"),
        D("10"),
        D("20.00"),
    )
    state, _ = receive(state, D("5"), unit_cost=D("2.30"))
    # 5 x 2.30 = 11.50; 15 units worth 31.50, average 31.50 / 15 = 2.100000
    assert (state.qty, state.value, state.unit_cost) == (D("15"), D("31.50"), D("2.100000"))
    state, out = issue(state, D("4"))
    # 4 x 31.50 / 15 = 8.40
    assert (out.qty, out.value, out.unit_cost) == (D("-4"), D("-8.40"), D("2.100000"))
    assert (state.qty, state.value) == (D("11"), D("23.10"))


def test_issuing_everything_takes_exactly_the_remaining_value() -> None:
    state, _ = receive(MovingAverageState(), D("3"), value=D("10.00"))
    # 10.00 / 3 = 3.333333 a unit
    assert state.unit_cost == D("3.333333")
    state, first = issue(state, D("1"))
    # 1 x 10.00 / 3 = 3.333.. -> 3.33; 2 left worth 6.67
    assert (first.value, state.value) == (D("-3.33"), D("6.67"))
    state, second = issue(state, D("1"))
    # 1 x 6.67 / 2 = 3.335 -> 3.34 (half up); 1 left worth 3.33
    assert (second.value, state.value) == (D("-3.34"), D("3.33"))
    state, last = issue(state, D("1"))
    # the last unit takes what is left, so 3.33 + 3.34 + 3.33 = 10.00 and nothing remains
    assert (last.value, state.qty, state.value) == (D("-3.33"), D("0"), D("0"))


def test_a_large_issue_is_valued_from_the_stock_value_not_the_rounded_unit_cost() -> None:
    state, _ = receive(MovingAverageState(), D("30000"), value=D("10000.00"))
    state, out = issue(state, D("20000"))
    # 10000.00 x 20000 / 30000 = 6666.666.. -> 6666.67; at the rounded unit cost 0.333333 it
    # would be 6666.66 and the cent would drift to the units left behind
    assert out.value == D("-6666.67")


def test_the_last_unit_cost_survives_an_empty_stock() -> None:
    state, _ = receive(MovingAverageState(), D("4"), unit_cost=D("2.50"))
    state, _ = issue(state, D("4"))
    assert (state.qty, state.value, state.unit_cost) == (D("0"), D("0"), D("2.500000"))


def test_a_purchase_return_takes_out_the_value_it_came_in_with() -> None:
    state, _ = receive(MovingAverageState(), D("10"), unit_cost=D("3.00"))
    state, out = issue(state, D("4"), value=D("13.00"))
    # 30.00 - 13.00 = 17.00 left for 6 units: 2.833333 a unit
    assert (out.qty, out.value, out.unit_cost) == (D("-4"), D("-13.00"), D("3.250000"))
    assert (state.qty, state.value, state.unit_cost) == (D("6"), D("17.00"), D("2.833333"))


def test_a_purchase_return_cannot_take_more_value_than_the_stock_holds() -> None:
    state, _ = receive(MovingAverageState(), D("10"), unit_cost=D("3.00"))
    with pytest.raises(ValidationError) as error:
        issue(state, D("4"), value=D("30.01"))
    assert error.value.code == "issue_value_exceeds_stock"


def test_a_purchase_return_of_everything_must_take_all_the_value() -> None:
    state, _ = receive(MovingAverageState(), D("10"), unit_cost=D("3.00"))
    with pytest.raises(ValidationError) as error:
        issue(state, D("10"), value=D("29.99"))
    assert error.value.code == "issue_value_must_clear_stock"
    _, out = issue(state, D("10"), value=D("30.00"))
    assert out.value == D("-30.00")


def test_an_issue_beyond_stock_is_valued_at_the_last_known_cost() -> None:
    state, _ = receive(MovingAverageState(), D("10"), unit_cost=D("5.00"))
    state, out = issue(state, D("12"))
    # 10 on hand take their 50.00; the 2 short are provisional at 5.00: 10.00
    assert (out.value, out.provisional_qty, out.provisional_value) == (
        D("-60.00"),
        D("2"),
        D("10.00"),
    )
    assert (state.qty, state.value, state.unit_cost) == (D("-2"), D("-10.00"), D("5.000000"))
    state, out = issue(state, D("1"))
    assert (out.value, state.qty, state.value) == (D("-5.00"), D("-3"), D("-15.00"))


def test_an_issue_from_an_empty_stream_uses_the_fallback_cost() -> None:
    state, out = issue(MovingAverageState(), D("2"), fallback_cost=D("4.50"))
    assert (out.value, state.value, state.last_unit_cost) == (D("-9.00"), D("-9.00"), D("4.50"))
    _, free = issue(MovingAverageState(), D("2"))
    assert free.value == 0


def test_a_receipt_that_clears_a_shortfall_corrects_its_cost_by_an_adjustment() -> None:
    state = MovingAverageState(D("-3"), D("-15.00"), D("5.00"))  # 3 issued short at 5.00
    state, into = receive(state, D("5"), unit_cost=D("6.00"))
    # receipt 5 x 6.00 = 30.00; the 3 short truly cost 30.00 x 3/5 = 18.00, provisionally 15.00
    # adjustment 15.00 - 18.00 = -3.00; stock 2 worth 30.00 - 18.00 = 12.00 = -15 + 30 - 3
    assert (into.value, into.adjustment, into.value_change) == (D("30.00"), D("-3.00"), D("27.00"))
    assert (state.qty, state.value, state.unit_cost) == (D("2"), D("12.00"), D("6.000000"))


def test_a_receipt_that_only_narrows_a_shortfall_settles_the_part_it_fills() -> None:
    state = MovingAverageState(D("-4"), D("-20.00"), D("5.00"))
    state, into = receive(state, D("1"), unit_cost=D("7.00"))
    # the 1 unit filled was charged 20.00 x 1/4 = 5.00 but cost 7.00: adjustment -2.00
    assert into.adjustment == D("-2.00")
    assert (state.qty, state.value, state.last_unit_cost) == (D("-3"), D("-15.00"), D("7.00"))


def test_a_receipt_that_exactly_fills_a_shortfall_leaves_nothing() -> None:
    state = MovingAverageState(D("-3"), D("-10.00"), D("3.333333"))
    state, into = receive(state, D("3"), value=D("9.00"))
    assert (into.adjustment, state.qty, state.value) == (D("1.00"), D("0"), D("0"))


def test_splitting_a_receipt_over_a_shortfall_never_makes_a_cent_from_nothing() -> None:
    state = MovingAverageState(D("-1"), D("-1.00"), D("1.00"))
    state, into = receive(state, D("2"), value=D("0.01"))
    # the unit filling the shortfall truly cost 0.01 x 1/2 = 0.005 -> 0.01; the other unit
    # gets what is left of the receipt, 0.00, not a second rounded-up 0.01
    assert (into.adjustment, state.qty, state.value) == (D("0.99"), D("1"), D("0.00"))


@pytest.mark.parametrize(("qty", "value"), [("0", "0.01"), ("2", "-1.00"), ("-2", "1.00")])
def test_a_state_whose_value_contradicts_its_quantity_is_refused(qty: str, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        MovingAverageState(D(qty), D(value))
    assert error.value.code == "valuation_state_inconsistent"
