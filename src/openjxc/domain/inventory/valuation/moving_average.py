"""Moving weighted average (移动加权平均): one running quantity and value per stream.

A receipt adds its value; an issue takes its share of the value at the current average, and
an issue of everything on hand takes exactly the value on hand, so rounding never leaves a
residue behind. Issues beyond stock are valued at the last known cost and settled by the
next receipt (see ``settlement``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.inventory.valuation.arithmetic import amount_at, cost_per_unit, share
from openjxc.domain.inventory.valuation.checks import (
    check_stock,
    non_negative_cost,
    non_negative_value,
    positive_qty,
    receipt_value,
)
from openjxc.domain.inventory.valuation.results import MoveValuation
from openjxc.domain.inventory.valuation.settlement import settle
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


@dataclass(frozen=True)
class MovingAverageState:
    """Quantity (base unit) and value (0.01) of one stream, and its last known unit cost."""

    qty: Decimal = ZERO
    value: Decimal = ZERO
    last_unit_cost: Decimal | None = None

    def __post_init__(self) -> None:
        check_stock(self.qty, self.value)

    @property
    def unit_cost(self) -> Decimal | None:
        """Return the average cost while stock is positive, else the last known cost."""
        return cost_per_unit(self.value, self.qty) if self.qty > ZERO else self.last_unit_cost


def _state(qty: Decimal, value: Decimal, last_unit_cost: Decimal | None) -> MovingAverageState:
    # while stock is positive its own average is the best-known cost; otherwise keep the last
    return MovingAverageState(
        qty, value, cost_per_unit(value, qty) if qty > ZERO else last_unit_cost
    )


def receive(
    state: MovingAverageState,
    qty: Decimal,
    *,
    unit_cost: Decimal | None = None,
    value: Decimal | None = None,
) -> tuple[MovingAverageState, MoveValuation]:
    """Add qty priced by unit_cost or by an explicit value (returns, transfers)."""
    qty = positive_qty(qty)
    amount, cost = receipt_value(qty, unit_cost, value)
    if state.qty >= ZERO:
        new_qty, new_value, adjustment = state.qty + qty, state.value + amount, ZERO
    else:
        settled = settle(state.qty, state.value, qty, amount)
        new_qty = settled.short_qty + settled.rest_qty
        new_value = settled.short_value + settled.rest_value
        adjustment = settled.adjustment
    result = MoveValuation(qty=qty, value=amount, unit_cost=cost, adjustment=adjustment)
    return _state(new_qty, new_value, cost), result


def issue(
    state: MovingAverageState,
    qty: Decimal,
    *,
    value: Decimal | None = None,
    fallback_cost: Decimal = ZERO,
) -> tuple[MovingAverageState, MoveValuation]:
    """Take qty out at the average cost, or at an explicit value covered by the stock."""
    qty = positive_qty(qty)
    fallback = non_negative_cost(fallback_cost, "fallback_cost")
    known_cost = state.unit_cost if state.unit_cost is not None else fallback
    provisional_qty = provisional_value = ZERO
    if value is not None:
        amount = _explicit_issue_value(state, qty, value)
    else:
        covered = min(qty, max(state.qty, ZERO))
        if covered == state.qty:
            amount = state.value  # everything on hand (or nothing): take exactly its value
        else:
            amount = share(state.value, covered, state.qty) if covered > ZERO else ZERO
        provisional_qty = qty - covered
        if provisional_qty > ZERO:
            provisional_value = amount_at(provisional_qty, known_cost)
            amount += provisional_value
    result = MoveValuation(
        qty=ZERO - qty,  # ZERO - x rather than -x: never a "-0.00" in the ledger
        value=ZERO - amount,
        unit_cost=cost_per_unit(amount, qty),
        provisional_qty=provisional_qty,
        provisional_value=provisional_value,
    )
    last = known_cost if provisional_qty > ZERO else state.unit_cost
    return _state(state.qty - qty, state.value - amount, last), result


def _explicit_issue_value(state: MovingAverageState, qty: Decimal, value: Decimal) -> Decimal:
    # a purchase return at its own price may take any value the stock can give up, but never
    # leave stock with negative value, and never leave value behind once the quantity is gone
    amount = non_negative_value(value)
    if qty > state.qty or amount > state.value:
        raise ValidationError(
            "issue_value_exceeds_stock",
            qty=str(qty),
            value=str(amount),
            on_hand=str(state.qty),
            stock_value=str(state.value),
        )
    if qty == state.qty and amount != state.value:
        raise ValidationError(
            "issue_value_must_clear_stock", value=str(amount), stock_value=str(state.value)
        )
    return amount
