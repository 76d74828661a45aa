"""What valuing one move returns to the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from openjxc.domain.shared.numbers import ZERO

#: names the receipt a FIFO layer came from (a move id, or a new move's tag until it has
#: one); None when unknown
LayerRef: TypeAlias = int | str | tuple[object, ...] | None


@dataclass(frozen=True)
class Consumption:
    """Quantity and value an issue took from one FIFO layer (both positive)."""

    layer_ref: LayerRef
    qty: Decimal
    value: Decimal


@dataclass(frozen=True)
class MoveValuation:
    """The valuation of one move, signed as the move changes the stock.

    ``qty`` and ``value`` are positive for a receipt and negative for an issue, so the stock
    value after any sequence of moves is ``sum(value + adjustment)``. ``unit_cost`` is the
    positive cost per unit the move was valued at. ``adjustment`` is non-zero only for a
    receipt into negative stock: it corrects the provisional cost of the units issued while
    stock was short, is added to the stock value, and the caller posts its opposite to cost of
    goods sold. ``provisional_qty``/``provisional_value`` (positive) are the part of an issue
    taken below zero and valued at the last known cost. ``layers_consumed`` explains a FIFO
    issue: its values plus ``provisional_value`` add up to ``-value``.
    """

    qty: Decimal
    value: Decimal
    unit_cost: Decimal
    adjustment: Decimal = ZERO
    layers_consumed: tuple[Consumption, ...] = ()
    provisional_qty: Decimal = ZERO
    provisional_value: Decimal = ZERO

    @property
    def value_change(self) -> Decimal:
        """Return how much the stock value changed: the move's value plus any adjustment."""
        return self.value + self.adjustment
