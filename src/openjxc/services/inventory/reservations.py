"""Reservations (占用): quantities promised to open sales orders, per product × warehouse.

The engine-level API of issue #3: ``change_reservations`` moves ``stock_balance.reserved`` from
what a set of orders demanded before a change to what they demand after it, in sorted key
order (no deadlocks). Available = on hand − reserved − on hold; a reservation that would take
available below zero is refused, line by line, unless the warehouse allows negative stock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.services.inventory.ledger import StreamKey


@dataclass(frozen=True)
class Availability:
    on_hand: Decimal
    reserved: Decimal
    on_hold: Decimal
    # kept for strategic customers (战略储备): others' orders may not reserve into it
    strategic_reserve: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved - self.on_hold


class Reservations(Protocol):
    def adjust(self, product_id: int, warehouse_id: int, delta: Decimal) -> Availability:
        """Add ``delta`` to the reserved quantity (locking the row); the figures after it."""
        ...


class _Uow(Protocol):
    reservations: Reservations


Demand = Mapping[StreamKey, Decimal]


def change_reservations(
    uow: _Uow,
    before: Demand,
    after: Demand,
    may_go_short: frozenset[int],
    describe: Callable[[StreamKey, Mapping[str, Decimal]], dict[str, object]],
    keep_reserve: bool = False,
) -> None:
    """Reserve ``after - before`` per stream; ``may_go_short``: warehouses allowing negative;
    ``describe`` words a stream and its figures in a refusal (product, warehouse, the
    quantities in the product's unit — no ids); ``keep_reserve``: a new
    reservation must leave each stream's strategic reserve available (the orders are not
    all a strategic customer's)."""
    short: list[dict[str, object]] = []
    for key in sorted(set(before) | set(after)):
        delta = after.get(key, ZERO) - before.get(key, ZERO)
        if delta == ZERO:
            continue
        figures = uow.reservations.adjust(key.product_id, key.warehouse_id, delta)
        if delta <= ZERO or key.warehouse_id in may_go_short:
            continue
        kept = figures.strategic_reserve if keep_reserve else ZERO
        if figures.available < kept:
            quantities = {
                "requested": delta,
                "available": max(figures.available + delta - kept, ZERO),
                **({"strategic_reserve": kept} if kept else {}),
            }
            short.append({"code": "short_reservation", **describe(key, quantities)})
    if short:
        raise ValidationError("insufficient_available", details=short, count=len(short))
