"""Two-step transfers (两步调拨): goods leave one warehouse, travel, and are received later.

Approving a two-step transfer issues the goods from the source warehouse into the
organisation's in-transit warehouse (在途仓), at the source's cost; receiving it moves them
from there into the target warehouse at the value they travelled with. In-transit stock is
ordinary ledger stock — counted in the stock value, never negative, re-costed through the
pair links when a backdated posting changes the issue's cost — so the books reconcile at
every moment between the two steps.
"""

from __future__ import annotations

import datetime as dt

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
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


@retry_transient
def receive_transfer(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """Receive a two-step transfer in its target warehouse (在途 → 已审核).

    The goods leave the in-transit warehouse at the value each line travelled with and
    enter the target at that value, dated ``day`` (default today, never before the issue).
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
        doc.receive_transfer()
        require_postable(uow, on)
        assert doc.id is not None and doc.to_warehouse_id is not None
        moves: list[NewMove] = []
        for leg in in_transit_legs(uow, doc):
            out = NewMove(
                ("transit-out", leg.id),
                leg.key,
                on,
                -leg.qty,
                ValueBasis.PAIR,
                doc.id,
                leg.line_id,
                -leg.value,
                leg.batch_id,
                pair_move_id=leg.id,
            )
            target = StreamKey(leg.key.product_id, doc.to_warehouse_id)
            moves += [
                out,
                NewMove(
                    ("transit-in", leg.id),
                    target,
                    on,
                    leg.qty,
                    ValueBasis.PAIR,
                    doc.id,
                    leg.line_id,
                    batch_id=leg.batch_id,
                    pair_tag=out.tag,
                ),
            ]
        post_moves(uow.ledger, moves, shortage_detail(doc, uow))
        uow.audit.record(
            actor, "document.receive", "document", doc.number, after={"date": on.isoformat()}
        )
        uow.commit()
    return doc
