"""Hypothesis: random postings keep the valuation's books exact, by each method's rules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openjxc.domain.inventory.valuation import (
    FifoState,
    Move,
    MoveValuation,
    ValuationMethod,
    ValuationState,
    issue,
    new_state,
    receive,
    replay,
)

METHODS = list(ValuationMethod)
EVERY_MODE = [(m, neg) for m in METHODS for neg in (False, True)]
MICRO = Decimal("0.000001")
COST_LIMIT = Decimal(10) ** 12  # a 6-decimal cost stored as a 64-bit integer (numbers.exact)
# a 30-move history can outlast Hypothesis' default per-example deadline on a busy CI
HISTORIES = settings(deadline=None)

quantities = st.one_of(
    st.integers(1, 50).map(Decimal),
    st.integers(1, 10**9).map(lambda n: Decimal(n).scaleb(-6)),
    # up to a million units: where a 6-decimal unit cost is off by whole cents
    st.integers(1, 10**12).map(lambda n: Decimal(n).scaleb(-6)),
)
costs = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-6))
amounts = st.integers(0, 10**7).map(lambda n: Decimal(n).scaleb(-2))


def half_up_to_cents(exact: Fraction) -> Decimal:
    cents = int(exact * 100) + (1 if exact * 100 % 1 >= Fraction(1, 2) else 0)
    return Decimal(cents) / 100


@dataclass(frozen=True)
class Step:
    before: ValuationState
    move: Move
    result: MoveValuation
    after: ValuationState


def _up_to(data: st.DataObject, limit: Decimal) -> Decimal:
    # any quantity in (0, limit] that the base unit can hold (6 decimals)
    return Decimal(data.draw(st.integers(1, int(limit / MICRO)))) * MICRO


def _next_move(
    data: st.DataObject, method: ValuationMethod, state: ValuationState, steps: list[Step]
) -> Move:
    ref = len(steps)
    kinds = ["purchase", "transfer_in"]
    # a return names its cost, and a cost must fit the books' columns: a millionth of a unit
    # issued at a cent-rounded value can carry a unit cost no one could type back
    issued = [s.result for s in steps if s.result.qty < 0 and s.result.unit_cost < COST_LIMIT]
    if issued:
        kinds.append("sales_return")
    if state.qty > 0:
        kinds += ["sale", "issue_everything"]
        if method is ValuationMethod.MOVING_AVERAGE:
            kinds.append("purchase_return")
    kind = data.draw(st.sampled_from(kinds))
    if kind == "purchase":
        return Move(data.draw(quantities), unit_cost=data.draw(costs), ref=ref)
    if kind == "transfer_in":
        return Move(data.draw(quantities), value=data.draw(amounts), ref=ref)
    if kind == "sales_return":
        # comes back at the cost it left with
        sale = data.draw(st.sampled_from(issued))
        return Move(_up_to(data, -sale.qty), unit_cost=sale.unit_cost, ref=ref)
    if kind == "issue_everything":
        return Move(-state.qty, ref=ref)
    qty = _up_to(data, state.qty)
    if kind == "sale":
        return Move(-qty, ref=ref)
    cents = int(state.value * 100)
    value = state.value if qty == state.qty else Decimal(data.draw(st.integers(0, cents))) / 100
    return Move(-qty, value=-value, ref=ref)


def _short_sale(data: st.DataObject, steps: list[Step]) -> Move:
    return Move(-data.draw(quantities), fallback_cost=data.draw(costs), ref=len(steps))


def _apply(state: ValuationState, move: Move) -> tuple[ValuationState, MoveValuation]:
    if move.qty > 0:
        return receive(state, move.qty, unit_cost=move.unit_cost, value=move.value, ref=move.ref)
    value = None if move.value is None else -move.value
    return issue(state, -move.qty, value=value, fallback_cost=move.fallback_cost, ref=move.ref)


def postings(data: st.DataObject, method: ValuationMethod, allow_negative: bool) -> list[Step]:
    """Post a random sequence of moves; issues go below zero only when allowed."""
    state, steps = new_state(method), list[Step]()
    for _ in range(data.draw(st.integers(1, 30))):
        short = allow_negative and data.draw(st.booleans())
        move = _short_sale(data, steps) if short else _next_move(data, method, state, steps)
        after, result = _apply(state, move)
        steps.append(Step(state, move, result, after))
        state = after
    return steps


@pytest.mark.parametrize(("method", "allow_negative"), EVERY_MODE)
@given(data=st.data())
@HISTORIES
def test_random_postings_conserve_quantity_and_value_exactly(
    method: ValuationMethod, allow_negative: bool, data: st.DataObject
) -> None:
    steps = postings(data, method, allow_negative)
    for n, step in enumerate(steps, start=1):
        assert step.after.qty == sum(s.result.qty for s in steps[:n])
        assert step.after.value == sum(s.result.value + s.result.adjustment for s in steps[:n])
        assert step.result.qty == step.move.qty
        assert step.result.value == step.result.value.quantize(Decimal("0.01"))


@pytest.mark.parametrize(("method", "allow_negative"), EVERY_MODE)
@given(data=st.data())
@HISTORIES
def test_stock_value_is_zero_at_zero_quantity_and_never_of_the_opposite_sign(
    method: ValuationMethod, allow_negative: bool, data: st.DataObject
) -> None:
    for step in postings(data, method, allow_negative):
        qty, value = step.after.qty, step.after.value
        if qty == 0:
            assert value == 0
        elif qty > 0:
            assert value >= 0
        else:
            assert value <= 0


@pytest.mark.parametrize(("method", "allow_negative"), EVERY_MODE)
@given(data=st.data())
@HISTORIES
def test_unit_costs_are_never_negative(
    method: ValuationMethod, allow_negative: bool, data: st.DataObject
) -> None:
    for step in postings(data, method, allow_negative):
        assert step.result.unit_cost >= 0
        assert step.after.unit_cost is None or step.after.unit_cost >= 0
        if isinstance(step.after, FifoState):
            assert all(layer.unit_cost >= 0 for layer in step.after.layers)


@given(data=st.data())
@HISTORIES
def test_a_moving_average_issue_takes_its_exact_share_of_the_value(data: st.DataObject) -> None:
    for step in postings(data, ValuationMethod.MOVING_AVERAGE, allow_negative=False):
        before, result = step.before, step.result
        if result.qty < 0 and step.move.value is None:
            exact = Fraction(-result.qty) * Fraction(before.value) / Fraction(before.qty)
            assert -result.value == half_up_to_cents(exact)


@pytest.mark.parametrize("method", METHODS)
@given(data=st.data())
@HISTORIES
def test_issuing_everything_leaves_no_value_behind(
    method: ValuationMethod, data: st.DataObject
) -> None:
    state = postings(data, method, allow_negative=False)[-1].after
    if state.qty > 0:
        empty, result = issue(state, state.qty)
        assert result.value == -state.value
        assert (empty.qty, empty.value) == (Decimal(0), Decimal(0))
        assert not isinstance(empty, FifoState) or empty.layers == ()


@pytest.mark.parametrize("method", METHODS)
@given(data=st.data())
@HISTORIES
def test_without_negative_stock_no_cost_is_provisional_or_adjusted(
    method: ValuationMethod, data: st.DataObject
) -> None:
    for step in postings(data, method, allow_negative=False):
        assert step.after.qty >= 0
        assert (step.result.adjustment, step.result.provisional_qty) == (Decimal(0), Decimal(0))


@pytest.mark.parametrize("allow_negative", [False, True])
@given(data=st.data())
@HISTORIES
def test_fifo_issues_consume_the_oldest_layers_first(
    allow_negative: bool, data: st.DataObject
) -> None:
    for step in postings(data, ValuationMethod.FIFO, allow_negative):
        assert isinstance(step.before, FifoState)
        consumed = step.result.layers_consumed
        oldest = step.before.layers[: len(consumed)]
        assert [c.layer_ref for c in consumed] == [layer.ref for layer in oldest]
        # every layer but the last consumed is used up
        assert all(c.qty == layer.qty for c, layer in zip(consumed[:-1], oldest, strict=False))


@pytest.mark.parametrize("allow_negative", [False, True])
@given(data=st.data())
@HISTORIES
def test_a_fifo_issue_is_explained_by_the_layers_it_consumed(
    allow_negative: bool, data: st.DataObject
) -> None:
    for step in postings(data, ValuationMethod.FIFO, allow_negative):
        result = step.result
        if result.qty < 0:
            consumed = result.layers_consumed
            assert sum(c.qty for c in consumed) + result.provisional_qty == -result.qty
            assert sum(c.value for c in consumed) + result.provisional_value == -result.value


@pytest.mark.parametrize("method", METHODS)
@given(data=st.data())
@HISTORIES
def test_a_receipt_that_ends_a_shortfall_leaves_stock_at_the_receipt_cost(
    method: ValuationMethod, data: st.DataObject
) -> None:
    for step in postings(data, method, allow_negative=True):
        ended_shortfall = step.before.qty < 0 <= step.after.qty and step.result.qty > 0
        if ended_shortfall:
            # ERPNext's rule, to half a cent: what is left is worth qty x the incoming rate
            at_rate = step.after.qty * step.result.value / step.result.qty
            assert abs(step.after.value - at_rate) <= Decimal("0.005")
        if step.result.adjustment != 0:
            assert step.before.qty < 0 < step.result.qty


@pytest.mark.parametrize(("method", "allow_negative"), EVERY_MODE)
@given(data=st.data())
@HISTORIES
def test_replaying_the_moves_reproduces_every_valuation(
    method: ValuationMethod, allow_negative: bool, data: st.DataObject
) -> None:
    steps = postings(data, method, allow_negative)
    state, results = replay(method, [s.move for s in steps])
    assert (state, results) == (steps[-1].after, tuple(s.result for s in steps))
    middle = len(steps) // 2
    resumed, _ = replay(method, [s.move for s in steps[middle:]], steps[middle].before)
    assert resumed == state
