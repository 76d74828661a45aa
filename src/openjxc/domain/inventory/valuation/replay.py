"""Replaying moves into a state: backdated re-costing and ``jxc doctor`` both start here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.inventory.valuation.methods import (
    ValuationMethod,
    ValuationState,
    issue,
    method_of,
    new_state,
    receive,
    valuation_method,
)
from openjxc.domain.inventory.valuation.results import LayerRef, MoveValuation
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


@dataclass(frozen=True)
class Move:
    """What valuation needs of a stock move, signed like MoveValuation.

    ``qty`` > 0 is a receipt priced by ``unit_cost`` or ``value``; ``qty`` < 0 is an issue,
    with ``value`` (negative) only when its document fixes it. ``fallback_cost`` values an
    issue below zero when the stream has no known cost yet.
    """

    qty: Decimal
    unit_cost: Decimal | None = None
    value: Decimal | None = None
    ref: LayerRef = None
    fallback_cost: Decimal = ZERO
    first: LayerRef = None  # FIFO: the layer an issue takes from first (a reversed receipt)


def replay(
    method: ValuationMethod | str,
    moves: Iterable[Move],
    start: ValuationState | None = None,
) -> tuple[ValuationState, tuple[MoveValuation, ...]]:
    """Apply moves in order to start (or an empty stream) and return the state and results."""
    chosen = valuation_method(method)
    state = new_state(chosen) if start is None else start
    if method_of(state) is not chosen:
        raise ValidationError("valuation_method_mismatch", method=chosen.value)
    results: list[MoveValuation] = []
    for move in moves:
        state, result = _apply(state, move)
        results.append(result)
    return state, tuple(results)


def _apply(state: ValuationState, move: Move) -> tuple[ValuationState, MoveValuation]:
    if move.value is not None and move.value != ZERO and (move.value > ZERO) != (move.qty > ZERO):
        raise ValidationError("value_sign_mismatch", qty=str(move.qty), value=str(move.value))
    if move.qty > ZERO:
        return receive(state, move.qty, unit_cost=move.unit_cost, value=move.value, ref=move.ref)
    if move.unit_cost is not None:
        # an issue's cost comes from the stream; a given one would be silently ignored
        raise ValidationError("issue_unit_cost_not_accepted", unit_cost=str(move.unit_cost))
    value = None if move.value is None else ZERO - move.value
    # a zero quantity reaches issue() and is refused there as qty_not_positive
    return issue(
        state,
        ZERO - move.qty,
        value=value,
        fallback_cost=move.fallback_cost,
        ref=move.ref,
        first=move.first,
    )
