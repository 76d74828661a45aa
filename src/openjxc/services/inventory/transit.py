"""Two-step transfers (两步调拨): goods leave one warehouse, travel, and are received later.

Approving a two-step transfer issues the goods from the source warehouse into the
organisation's in-transit warehouse (在途仓), at the source's cost; receiving it moves them
from there into the target warehouse at the value they travelled with. In-transit stock is
ordinary ledger stock — counted in the stock value, never negative, re-costed through the
pair links when a backdated posting changes the issue's cost — so the books reconcile at
every moment between the two steps. A transfer may arrive short (短少, 破损): what did not
arrive leaves transit as a loss, at its share of the value it travelled with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document, Receipt
from openjxc.domain.documents.status import Status
from openjxc.domain.inventory.shares import split_shares
from openjxc.domain.inventory.stream import ValueBasis
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.inventory.documents import find_document
from openjxc.services.inventory.ledger import NewMove, StoredMove, StreamKey
from openjxc.services.inventory.moves import live_moves, shortage_detail
from openjxc.services.inventory.periods import require_postable
from openjxc.services.inventory.posting import post_moves
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import transit_warehouse


def in_transit_legs(uow: UnitOfWork, doc: Document) -> list[StoredMove]:
    """The moves that brought ``doc``'s goods into transit and are still in effect."""
    assert doc.id is not None
    transit = transit_warehouse(uow, doc.warehouse_id)
    return [
        m for m in live_moves(uow.ledger, doc.id) if m.key.warehouse_id == transit.id and m.qty > 0
    ]


@dataclass(frozen=True)
class ReceivedLine:
    """What arrived of one line, in the line's own unit, and why less than was sent."""

    line_no: int
    qty: object
    reason: str = ""


@retry_transient
def receive_transfer(
    ref: str | int,
    actor: Actor,
    uow: UnitOfWork,
    day: dt.date | None = None,
    lines: Sequence[ReceivedLine] = (),
) -> Document:
    """Receive a two-step transfer in its target warehouse (在途 → 已审核).

    The goods leave the in-transit warehouse at the value each line travelled with and
    enter the target at that value, dated ``day`` (default today, never before the issue).
    A line named in ``lines`` may arrive short: what arrived takes its share of the line's
    value into the target, the rest leaves transit as a loss at its share (docs/transfers.md).
    """
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    with uow:
        doc = find_document(uow, ref, actor)
        uow.documents.lock(doc)
        if doc.status is Status.IN_TRANSIT:
            receiver = uow.warehouses.get(doc.to_warehouse_id or 0)  # received by the target
            assert receiver is not None  # a warehouse is never deleted under its documents
            actor.require_warehouse(receiver.id or 0, receiver.organisation_id)
        on = day or clock.today()
        if on < doc.date:
            raise ValidationError(
                "receive_before_issue",
                field="date",
                date=on.isoformat(),
                issued=doc.date.isoformat(),
            )
        doc.receive_transfer(_receipts(uow, doc, lines))
        require_postable(uow, on)
        post_moves(uow.ledger, receipt_moves(uow, doc, on), shortage_detail(doc, uow))
        short = {
            str(ln.line_no): {"received": str(ln.received_qty), "reason": ln.short_reason}
            for ln in doc.active_lines
            if ln.short_reason is not None
        }
        after = {"date": on.isoformat(), **({"short": short} if short else {})}
        uow.audit.record(actor, "document.receive", "document", doc.number, after=after)
        uow.commit()
    return doc


def _receipts(uow: UnitOfWork, doc: Document, lines: Sequence[ReceivedLine]) -> dict[int, Receipt]:
    """``lines`` in base units, by line number (a quantity the base unit cannot hold refused)."""
    of_no = {line.line_no: line for line in doc.active_lines}
    found: dict[int, Receipt] = {}
    for i, given in enumerate(lines):
        line = of_no.get(given.line_no)
        if line is None:
            raise ValidationError("receipt_line_unknown", field="lines", line_no=given.line_no)
        product = uow.products.get(line.product_id)
        assert product is not None  # a product is never deleted under its documents
        qty = product.to_base(given.qty, line.unit, field=f"lines.{i}.qty")
        found[given.line_no] = Receipt(qty, given.reason[:200])
    return found


def receipt_moves(uow: UnitOfWork, doc: Document, on: dt.date) -> list[NewMove]:
    """Each leg into transit leaves it: what arrived into the target, paired with its part of
    the leg, and what did not as a loss out of transit; each part at its share of the leg's
    value. A line's receipt fills its legs (its batches) in the order they left."""
    assert doc.id is not None and doc.to_warehouse_id is not None
    left = {ln.id: ln.base_qty if ln.received_qty is None else ln.received_qty for ln in doc.lines}
    moves: list[NewMove] = []
    for leg in in_transit_legs(uow, doc):
        got = min(left.get(leg.line_id, leg.qty), leg.qty)
        left[leg.line_id] = left.get(leg.line_id, leg.qty) - got
        parts = [
            (tag, qty)
            for tag, qty in (("transit-out", got), ("transit-lost", leg.qty - got))
            if qty > 0
        ]
        values = split_shares(leg.value, leg.qty, [qty for _, qty in parts])
        for (tag, qty), value in zip(parts, values, strict=True):
            out = NewMove(
                (tag, leg.id),
                leg.key,
                on,
                -qty,
                ValueBasis.PAIR,
                doc.id,
                leg.line_id,
                value,
                leg.batch_id,
                pair_move_id=leg.id,
            )
            moves.append(out)
            if tag == "transit-out":
                target = StreamKey(leg.key.product_id, doc.to_warehouse_id)
                moves.append(
                    NewMove(
                        ("transit-in", leg.id),
                        target,
                        on,
                        qty,
                        ValueBasis.PAIR,
                        doc.id,
                        leg.line_id,
                        batch_id=leg.batch_id,
                        pair_tag=out.tag,
                    )
                )
    return moves
