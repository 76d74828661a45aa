"""Sales orders hold stock: what the open orders demand, and keeping the reservation equal.

An approved or partly delivered sales order reserves, per line, what is still to deliver
(ordered less delivered net of returns) in its warehouse. Every use case that changes an
order's status or deliveries measures the demand before and after and moves the
reservation by the difference (services/inventory/reservations).

A strategic reserve (战略储备, set per product and warehouse) stays available to strategic
customers only: an order of any other customer may not reserve into it, nor may a standalone
delivery to one take it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import QTY_SCALE, ZERO, fixed
from openjxc.domain.trading.orders import OPEN
from openjxc.services.inventory.ledger import StreamKey
from openjxc.services.inventory.reservations import change_reservations
from openjxc.services.trading import quantities
from openjxc.services.unit_of_work import UnitOfWork


def demand(uow: UnitOfWork, orders: Iterable[Document]) -> dict[StreamKey, Decimal]:
    """What the open sales orders among ``orders`` still have to deliver, per stream."""
    result: dict[StreamKey, Decimal] = defaultdict(lambda: ZERO)
    for order in orders:
        if order.type is not DocumentType.SALES_ORDER or order.status not in OPEN:
            continue
        done = quantities.done(uow, order)
        for line in order.active_lines:
            left = line.base_qty - done.get(line.id or 0, ZERO)
            if left > ZERO:
                result[StreamKey(line.product_id, order.warehouse_id)] += left
    return dict(result)


def require_unreserved(uow: UnitOfWork, doc: Document) -> None:
    """After a delivery, what is left on hand still covers every reservation and hold: a
    delivery may take its own order's reserved stock, never another order's."""
    if doc.type is not DocumentType.SALES_DELIVERY:
        return
    warehouse = uow.warehouses.get(doc.warehouse_id)
    if warehouse is not None and warehouse.allow_negative_stock:
        return
    short: list[dict[str, object]] = []
    wanted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    first_line: dict[int, int] = {}
    standalone: set[int] = set()
    for line in doc.active_lines:
        wanted[line.product_id] += line.base_qty
        first_line.setdefault(line.product_id, line.line_no)
        if line.source_line_id is None:
            standalone.add(line.product_id)
    strategic = _all_strategic(uow, [doc])
    for product_id in sorted(wanted):
        key = StreamKey(product_id, doc.warehouse_id)
        figures = uow.reservations.adjust(product_id, doc.warehouse_id, ZERO)
        # goods an order reserved were already kept clear of the reserve
        kept = ZERO if strategic or product_id not in standalone else figures.strategic_reserve
        if figures.available < kept:
            figures_in_unit = {
                "requested": wanted[product_id],
                "available": max(figures.available + wanted[product_id] - kept, ZERO),
                **({"strategic_reserve": kept} if kept else {}),
            }
            short.append(
                {
                    "code": "short_reservation",
                    "line_no": first_line[product_id],
                    **_words(uow, key, figures_in_unit),
                }
            )
    if short:
        raise ValidationError("insufficient_available", details=short, count=len(short))


def rebalance(uow: UnitOfWork, orders: list[Document], before: dict[StreamKey, Decimal]) -> None:
    """Move the reservation from ``before`` to what ``orders`` demand now."""
    uow.flush()
    after = demand(uow, orders)
    warehouses = {k.warehouse_id for k in set(before) | set(after)}
    negative = frozenset(
        w for w in warehouses if (found := uow.warehouses.get(w)) and found.allow_negative_stock
    )
    strategic = _all_strategic(uow, orders)
    change_reservations(
        uow,
        before,
        after,
        negative,
        lambda key, figures: _words(uow, key, figures),
        keep_reserve=not strategic,
    )


def _all_strategic(uow: UnitOfWork, documents: Iterable[Document]) -> bool:
    """Whether every document is for a strategic customer (who may draw on the reserve)."""
    for doc in documents:
        partner = uow.partners.get(doc.partner_id) if doc.partner_id is not None else None
        if partner is None or not partner.strategic:
            return False
    return True


def _words(uow: UnitOfWork, key: StreamKey, figures: Mapping[str, Decimal]) -> dict[str, object]:
    """A stream and its figures for people: codes and names, quantities in the base unit."""
    product = uow.products.get(key.product_id)
    warehouse = uow.warehouses.get(key.warehouse_id)
    decimals = product.base_unit_decimals if product else QTY_SCALE
    return {
        "product": product.code if product else "",
        "product_name": product.name if product else "",
        "warehouse": warehouse.code if warehouse else "",
        "warehouse_name": warehouse.name if warehouse else "",
        "unit": product.base_unit if product else "",
        **{name: fixed(value, decimals) for name, value in figures.items()},
    }
