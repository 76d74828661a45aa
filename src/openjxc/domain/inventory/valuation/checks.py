"""Checks on the numbers a valuation is given, each failing with a stable error code."""

from __future__ import annotations

from decimal import Decimal

from openjxc.domain.inventory.valuation.arithmetic import amount_at, cost_per_unit
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, money, price, quantity, round_money


def positive_qty(qty: Decimal) -> Decimal:
    """Return qty as a base-unit quantity, refusing zero and negatives."""
    checked = quantity(qty, "qty")
    if checked <= ZERO:
        raise ValidationError("qty_not_positive", field="qty", value=str(qty))
    return checked


def non_negative_cost(unit_cost: Decimal, field: str) -> Decimal:
    """Return unit_cost as a price, refusing negatives."""
    checked = price(unit_cost, field)
    if checked < ZERO:
        raise ValidationError("cost_negative", field=field, value=str(unit_cost))
    return checked


def non_negative_value(value: Decimal, field: str = "value") -> Decimal:
    """Return value as an amount of money, refusing negatives."""
    checked = money(value, field)
    if checked < ZERO:
        raise ValidationError("value_negative", field=field, value=str(value))
    return checked


def receipt_value(
    qty: Decimal, unit_cost: Decimal | None, value: Decimal | None
) -> tuple[Decimal, Decimal]:
    """Return (value, unit_cost) of a receipt priced by exactly one of the two."""
    if unit_cost is not None and value is not None:
        # two prices for one receipt would have to agree to the cent; refusing is clearer
        raise ValidationError("cost_and_value_both_given", field="unit_cost")
    if unit_cost is not None:
        cost = non_negative_cost(unit_cost, "unit_cost")
        return amount_at(qty, cost), cost
    if value is not None:
        amount = non_negative_value(value)
        return amount, cost_per_unit(amount, qty)
    raise ValidationError("cost_or_value_required", field="unit_cost")


def check_stock(qty: Decimal, value: Decimal) -> None:
    """Refuse a stock whose value is not in cents or has the wrong sign for its quantity."""
    signs_agree = (qty > ZERO and value >= ZERO) or (qty < ZERO and value <= ZERO)
    if value != round_money(value) or not (signs_agree or (qty == ZERO and value == ZERO)):
        raise ValidationError("valuation_state_inconsistent", qty=str(qty), value=str(value))
