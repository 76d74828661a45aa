"""First in, first out (先进先出): stock is a queue of receipt layers, issued oldest first.

A partly issued layer gives up qty * its unit cost (never more than it holds); a layer issued
to the end gives up exactly what it still holds, so no rounding residue outlives its layer.
An issue beyond stock leaves one negative layer at the last known cost, which the next
receipts fill first (see ``settlement``). A negative layer is only ever the sole layer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from openjxc.domain.inventory.valuation.arithmetic import amount_at, cost_per_unit
from openjxc.domain.inventory.valuation.checks import (
    check_stock,
    non_negative_cost,
    positive_qty,
    receipt_value,
)
from openjxc.domain.inventory.valuation.results import Consumption, LayerRef, MoveValuation
from openjxc.domain.inventory.valuation.settlement import settle
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


@dataclass(frozen=True)
class Layer:
    """What is left of one receipt: quantity, its unit cost and remaining value."""

    qty: Decimal
    unit_cost: Decimal
    value: Decimal
    ref: LayerRef = None


@dataclass(frozen=True)
class FifoState:
    """The layers of one stream, oldest first, and the cost of its latest receipt."""

    layers: tuple[Layer, ...] = ()
    last_unit_cost: Decimal | None = None

    def __post_init__(self) -> None:
        for layer in self.layers:
            check_stock(layer.qty, layer.value)
            # an empty layer is gone; a short one means no other layer can still hold stock
            if layer.qty == ZERO or (layer.qty < ZERO and len(self.layers) > 1):
                raise ValidationError("valuation_state_inconsistent", layer_qty=str(layer.qty))

    @property
    def qty(self) -> Decimal:
        """Return the quantity on hand, the sum of the layers."""
        return sum((layer.qty for layer in self.layers), ZERO)

    @property
    def value(self) -> Decimal:
        """Return the stock value, the sum of the layers."""
        return sum((layer.value for layer in self.layers), ZERO)

    @property
    def unit_cost(self) -> Decimal | None:
        """Return the average cost over the layers while stock is positive, else the last."""
        return cost_per_unit(self.value, self.qty) if self.qty > ZERO else self.last_unit_cost


def receive(
    state: FifoState,
    qty: Decimal,
    *,
    unit_cost: Decimal | None = None,
    value: Decimal | None = None,
    ref: LayerRef = None,
) -> tuple[FifoState, MoveValuation]:
    """Append a layer of qty priced by unit_cost or by an explicit value, filling any shortfall."""
    qty = positive_qty(qty)
    amount, cost = receipt_value(qty, unit_cost, value)
    layers, rest_qty, rest_value, adjustment = state.layers, qty, amount, ZERO
    if layers and layers[0].qty < ZERO:
        short = layers[0]
        settled = settle(short.qty, short.value, qty, amount)
        layers = ()
        if settled.short_qty < ZERO:
            layers = (replace(short, qty=settled.short_qty, value=settled.short_value),)
        rest_qty, rest_value, adjustment = settled.rest_qty, settled.rest_value, settled.adjustment
    if rest_qty > ZERO:
        layers = (*layers, Layer(rest_qty, cost, rest_value, ref))
    result = MoveValuation(qty=qty, value=amount, unit_cost=cost, adjustment=adjustment)
    return FifoState(layers, cost), result


def issue(
    state: FifoState,
    qty: Decimal,
    *,
    fallback_cost: Decimal = ZERO,
    ref: LayerRef = None,
    first: LayerRef = None,
) -> tuple[FifoState, MoveValuation]:
    """Take qty from the oldest layers; beyond them, go short at the last known cost.

    ``first`` names a layer to take from before the oldest: undoing a receipt (反审核, 红冲)
    takes back the goods it brought in, at their own cost, while they are still there.
    """
    qty = positive_qty(qty)
    fallback = non_negative_cost(fallback_cost, "fallback_cost")
    layers = list(state.layers)
    if first is not None:
        own = [i for i, layer in enumerate(layers) if layer.ref == first and layer.qty > ZERO]
        if own:
            layers.insert(0, layers.pop(own[0]))
    consumed: list[Consumption] = []
    remaining = qty
    while remaining > ZERO and layers and layers[0].qty > ZERO:
        layer = layers[0]
        take = min(remaining, layer.qty)
        if take == layer.qty:
            taken = layer.value
            layers.pop(0)
        else:
            # a unit cost rounded up from an explicit value could ask for more than is left
            taken = min(amount_at(take, layer.unit_cost), layer.value)
            layers[0] = replace(layer, qty=layer.qty - take, value=layer.value - taken)
        consumed.append(Consumption(layer.ref, take, taken))
        remaining -= take
    provisional_value = ZERO
    last = state.last_unit_cost
    if remaining > ZERO:
        known_cost = last if last is not None else fallback
        last = known_cost
        provisional_value = amount_at(remaining, known_cost)
        short = layers[0] if layers else None
        layers = [_go_short(short, remaining, known_cost, provisional_value, ref)]
    amount = sum((c.value for c in consumed), ZERO) + provisional_value
    result = MoveValuation(
        qty=ZERO - qty,  # ZERO - x rather than -x: never a "-0.00" in the ledger
        value=ZERO - amount,
        unit_cost=cost_per_unit(amount, qty),
        layers_consumed=tuple(consumed),
        provisional_qty=remaining,
        provisional_value=provisional_value,
    )
    return FifoState(tuple(layers), last), result


def _go_short(
    short: Layer | None, qty: Decimal, unit_cost: Decimal, value: Decimal, ref: LayerRef
) -> Layer:
    # one negative layer per stream: receipts settle it pro rata, so merging loses nothing
    if short is None:
        return Layer(ZERO - qty, unit_cost, ZERO - value, ref)
    new_qty, new_value = short.qty - qty, short.value - value
    return replace(short, qty=new_qty, value=new_value, unit_cost=cost_per_unit(new_value, new_qty))
