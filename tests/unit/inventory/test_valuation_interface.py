"""The method-neutral interface: choosing a method, checking input, replaying moves."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest

from openjxc.domain.inventory.valuation import (
    FifoState,
    Move,
    MovingAverageState,
    ValuationMethod,
    issue,
    method_of,
    new_state,
    receive,
    replay,
)
from openjxc.domain.shared.errors import ValidationError

METHODS = list(ValuationMethod)


def test_each_method_starts_from_its_own_empty_state() -> None:
    assert new_state("moving_average") == MovingAverageState()
    assert new_state(ValuationMethod.FIFO) == FifoState()
    assert [method_of(new_state(m)) for m in METHODS] == METHODS


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        new_state("lifo")
    assert error.value.code == "unknown_valuation_method"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("qty", [D("0"), D("-1")])
def test_receipts_and_issues_need_a_positive_quantity(method: ValuationMethod, qty: D) -> None:
    calls: list[Callable[[], object]] = [
        lambda: receive(new_state(method), qty, unit_cost=D("1")),
        lambda: issue(new_state(method), qty),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "qty_not_positive"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "cost_or_value_required"),
        ({"unit_cost": D("1"), "value": D("2.00")}, "cost_and_value_both_given"),
        ({"unit_cost": D("-0.01")}, "cost_negative"),
        ({"value": D("-0.01")}, "value_negative"),
        ({"value": D("1.005")}, "too_many_decimals"),
        ({"unit_cost": 1.5}, "not_a_number"),
    ],
)
def test_a_receipt_needs_one_valid_price(
    method: ValuationMethod, kwargs: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationError) as error:
        receive(new_state(method), D("2"), **kwargs)
    assert error.value.code == code


def test_fifo_refuses_an_issue_at_a_given_value() -> None:
    state, _ = receive(new_state("fifo"), D("2"), unit_cost=D("1"))
    with pytest.raises(ValidationError) as error:
        issue(state, D("1"), value=D("1.00"))
    assert error.value.code == "issue_value_not_supported"


@pytest.mark.parametrize("method", METHODS)
def test_replay_values_moves_as_receive_and_issue_would(method: ValuationMethod) -> None:
    moves = [
        Move(D("10"), unit_cost=D("2.00"), ref=1),
        Move(D("5"), value=D("11.50"), ref=2),
        Move(D("-4"), ref=3),
        Move(D("-20"), fallback_cost=D("9"), ref=4),
    ]
    state, results = replay(method, moves)
    expected = new_state(method)
    expected, r1 = receive(expected, D("10"), unit_cost=D("2.00"), ref=1)
    expected, r2 = receive(expected, D("5"), value=D("11.50"), ref=2)
    expected, r3 = issue(expected, D("4"), ref=3)
    expected, r4 = issue(expected, D("20"), fallback_cost=D("9"), ref=4)
    assert (state, results) == (expected, (r1, r2, r3, r4))
    assert state.qty == -9


def test_replay_continues_from_a_given_state() -> None:
    start = MovingAverageState(D("2"), D("3.00"), D("1.50"))
    state, results = replay("moving_average", [Move(D("-1"), value=D("-1.00"))], start)
    assert (state.qty, state.value, results[0].value) == (D("1"), D("2.00"), D("-1.00"))


def test_replay_refuses_a_start_state_of_another_method() -> None:
    with pytest.raises(ValidationError) as error:
        replay("fifo", [], MovingAverageState())
    assert error.value.code == "valuation_method_mismatch"


@pytest.mark.parametrize(
    ("move", "code"),
    [
        (Move(D("1"), value=D("-1.00")), "value_sign_mismatch"),
        (Move(D("-1"), value=D("1.00")), "value_sign_mismatch"),
        (Move(D("-1"), unit_cost=D("1")), "issue_unit_cost_not_accepted"),
        (Move(D("0")), "qty_not_positive"),
    ],
)
def test_replay_refuses_a_move_it_cannot_value(move: Move, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        replay("moving_average", [Move(D("5"), unit_cost=D("1")), move])
    assert error.value.code == code
