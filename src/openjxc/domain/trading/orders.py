"""Orders (采购订单, 销售订单): how far each line is fulfilled, and the order's status."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.numbers import ZERO

#: an order in one of these statuses follows its receipts/deliveries; closed stays closed
FOLLOWING = frozenset({Status.APPROVED, Status.PARTIAL, Status.COMPLETED})
#: an order that may still be received/delivered against
OPEN = frozenset({Status.APPROVED, Status.PARTIAL})


def fulfilment_status(lines: Iterable[tuple[Decimal, Decimal]]) -> Status:
    """已审核 (nothing done), 部分入库/出库, or 已完成, from (ordered, done) per line."""
    pairs = list(lines)
    if all(done <= ZERO for _, done in pairs):
        return Status.APPROVED
    if all(done >= ordered for ordered, done in pairs):
        return Status.COMPLETED
    return Status.PARTIAL


def follow(order: Document, done: dict[int, Decimal]) -> None:
    """Set ``order``'s status from the net quantity done per line id (closed stays closed)."""
    if order.status not in FOLLOWING:
        return
    order.status = fulfilment_status(
        (ln.base_qty, done.get(ln.id or 0, ZERO)) for ln in order.active_lines
    )


def allowed(ordered: Decimal, tolerance: Decimal) -> Decimal:
    """The most that may be received against ``ordered`` with a tolerance (0.05 = 5%)."""
    return ordered * (1 + tolerance)
