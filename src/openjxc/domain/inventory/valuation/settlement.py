"""Receipts into negative stock: settling the provisional cost of what was issued short.

Rule (both methods): units issued below zero were valued at the last known cost, a guess.
A receipt first fills that shortfall. The filled part takes its true cost from the receipt,
pro rata (the whole receipt value if the receipt fills no more than the shortfall), and the
filled part's provisional value is released pro rata (all of it when the shortfall is filled
completely). The difference, provisional minus true, is the adjustment: stock value moves by
the receipt value plus the adjustment, and the caller books the opposite to cost of goods
sold. What remains of the shortfall keeps its provisional cost; what remains of the receipt
becomes ordinary stock at the receipt's cost. So quantity and value are conserved exactly and
a stream whose quantity returns to zero has a value of exactly zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.inventory.valuation.arithmetic import share
from openjxc.domain.shared.numbers import ZERO


@dataclass(frozen=True)
class Settlement:
    """A receipt split between the shortfall it fills and the stock it leaves."""

    short_qty: Decimal  # shortfall still open after the receipt (<= 0)
    short_value: Decimal  # its provisional value (<= 0)
    rest_qty: Decimal  # received quantity left over as stock (>= 0)
    rest_value: Decimal
    adjustment: Decimal


def settle(short_qty: Decimal, short_value: Decimal, qty: Decimal, value: Decimal) -> Settlement:
    """Fill a shortfall (short_qty < 0) from a receipt of qty worth value."""
    fill = min(qty, ZERO - short_qty)
    true_cost = value if fill == qty else share(value, fill, qty)
    provisional = (
        ZERO - short_value if fill == ZERO - short_qty else share(short_value, fill, short_qty)
    )
    return Settlement(
        short_qty=short_qty + fill,
        short_value=short_value + provisional,
        rest_qty=qty - fill,
        rest_value=value - true_cost,
        adjustment=provisional - true_cost,
    )
