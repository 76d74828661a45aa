"""One interface over both valuation methods, so the engine picks the method per product."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias

from openjxc.domain.inventory.valuation import fifo, moving_average
from openjxc.domain.inventory.valuation.fifo import FifoState
from openjxc.domain.inventory.valuation.moving_average import MovingAverageState
from openjxc.domain.inventory.valuation.results import LayerRef, MoveValuation
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


class ValuationMethod(StrEnum):
    MOVING_AVERAGE = "moving_average"
    FIFO = "fifo"


ValuationState: TypeAlias = MovingAverageState | FifoState


def valuation_method(method: ValuationMethod | str) -> ValuationMethod:
    """Return the ValuationMethod named by method, refusing unknown names."""
    try:
        return ValuationMethod(method)
    except ValueError:
        raise ValidationError("unknown_valuation_method", method=str(method)) from None


def method_of(state: ValuationState) -> ValuationMethod:
    """Return the method a state belongs to."""
    if isinstance(state, FifoState):
        return ValuationMethod.FIFO
    return ValuationMethod.MOVING_AVERAGE


def new_state(method: ValuationMethod | str) -> ValuationState:
    """Return the empty state of a stream valued by method."""
    if valuation_method(method) is ValuationMethod.FIFO:
        return FifoState()
    return MovingAverageState()


def receive(
    state: ValuationState,
    qty: Decimal,
    *,
    unit_cost: Decimal | None = None,
    value: Decimal | None = None,
    ref: LayerRef = None,
) -> tuple[ValuationState, MoveValuation]:
    """Add qty priced by exactly one of unit_cost or value; ref names a FIFO layer."""
    if isinstance(state, FifoState):
        return fifo.receive(state, qty, unit_cost=unit_cost, value=value, ref=ref)
    return moving_average.receive(state, qty, unit_cost=unit_cost, value=value)


def issue(
    state: ValuationState,
    qty: Decimal,
    *,
    value: Decimal | None = None,
    fallback_cost: Decimal = ZERO,
    ref: LayerRef = None,
    first: LayerRef = None,
) -> tuple[ValuationState, MoveValuation]:
    """Take qty out at the method's cost (or, moving average only, at an explicit value);
    ``first`` (FIFO) names the layer to take from before the oldest."""
    if isinstance(state, FifoState):
        if value is not None:
            # FIFO cost is whatever the oldest layers hold; a price difference on a purchase
            # return belongs to the supplier's account, not to the layers
            raise ValidationError("issue_value_not_supported", method=ValuationMethod.FIFO.value)
        return fifo.issue(state, qty, fallback_cost=fallback_cost, ref=ref, first=first)
    return moving_average.issue(state, qty, value=value, fallback_cost=fallback_cost)
