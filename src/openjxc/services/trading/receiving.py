"""收货 against a purchase order (the phone's scan, the API): what arrived goes onto the
order's open draft receipt, so an order never has two receipts waiting to be approved.

The rule: the oldest draft purchase receipt with a line against the order (the one the
desktop's 生成下游单据 made, or one saved earlier from a phone) that the caller may see is
the order's open draft. Its lines against the order become what was scanned, keeping the
terms purchasing gave them; its other lines stay as they are. Without one, a new draft is
made. The order is locked first, so two phones saving at once still make one draft.
生成下游单据 (``generate_downstream``) follows the same rule for every source: it leads to
the source's open draft of the next type when there is one, and makes a new one otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.trading import flow
from openjxc.services.inventory.documents import find_document
from openjxc.services.retry import retry_transient
from openjxc.services.trading.documents import (
    TradeInput,
    TradeLineInput,
    add_trade_draft,
    revise_trade_draft,
)
from openjxc.services.unit_of_work import UnitOfWork

ORDER = DocumentType.PURCHASE_ORDER
RECEIPT = DocumentType.PURCHASE_RECEIPT


@dataclass(frozen=True)
class Downstream:
    """The draft 生成下游单据 leads to, and whether it was made now or was already open."""

    document: Document
    created: bool


@retry_transient
def generate_downstream(ref: str | int, actor: Actor, uow: UnitOfWork) -> Downstream:
    """生成下游单据: a draft of the next type with every open quantity of ``ref`` — or the
    source's open draft of that type, when it has one, so a source never has two drafts
    waiting (the rule the phone's receiving keeps too)."""
    with uow:
        source = find_document(uow, ref, actor, lock=True)  # two clicks make one draft
        kind = flow.DOWNSTREAM.get(source.type)
        if kind is None:
            raise ValidationError("no_source_for_type", field="type", type=source.type.value)
        flow.require_write(actor, kind)
        draft = open_draft(uow, source, kind, actor)
        if draft is not None:
            return Downstream(draft, created=False)
        data = TradeInput(
            type=kind.value,
            date=clock.today(),
            warehouse=source.warehouse_id,
            partner=source.partner_id,
            from_documents=[source.number],
        )
        doc = add_trade_draft(uow, data, actor)
        uow.commit()
    return Downstream(doc, created=True)


@retry_transient
def receive_order(
    ref: str | int, lines: Sequence[TradeLineInput], actor: Actor, uow: UnitOfWork
) -> Document:
    """Write ``lines`` (each against one of the order's lines) onto the order's open draft
    receipt, or a new draft when it has none."""
    flow.require_write(actor, RECEIPT)
    with uow:
        order = find_document(uow, ref, actor, lock=True)  # serialises two phones
        if order.type is not ORDER:
            raise NotFound("document", str(ref))
        draft = open_receipt(uow, order, actor)
        if draft is None:
            data = TradeInput(
                type=RECEIPT.value,
                date=clock.today(),
                warehouse=order.warehouse_id,
                partner=order.partner_id,
                lines=lines,
            )
            doc = add_trade_draft(uow, data, actor)
        else:
            ours = {ln.id for ln in order.active_lines}
            others = [_kept(ln) for ln in draft.active_lines if ln.source_line_id not in ours]
            data = TradeInput(
                type=RECEIPT.value,
                date=draft.date,
                warehouse=draft.warehouse_id,
                partner=draft.partner_id,
                lines=[*lines, *others],
                remarks=draft.remarks,
                tax_included=False,  # the prices kept are the stored ones, without tax
                salesperson=draft.salesperson_id,
            )
            # keep_terms: each line against an order line keeps the price the draft gave it
            doc = revise_trade_draft(uow, draft.id or 0, data, actor, keep_terms=True)
        uow.commit()
    return doc


def open_receipt(uow: UnitOfWork, order: Document, actor: Actor) -> Document | None:
    """The order's open draft receipt the caller may see (oldest first), locked."""
    return open_draft(uow, order, RECEIPT, actor)


def open_draft(
    uow: UnitOfWork, source: Document, kind: DocumentType, actor: Actor
) -> Document | None:
    """The oldest draft of ``kind`` with a line against ``source`` that the caller may see,
    locked: the source's open draft, which receiving and 生成下游单据 reuse."""
    for draft_id in uow.trade_lines.drafts_of(source.id or 0, kind.value):
        try:
            return find_document(uow, draft_id, actor, lock=True)
        except NotFound:  # another's draft under 仅本人单据: not the caller's to fill
            continue
    return None


def _kept(line: DocumentLine) -> TradeLineInput:
    """A line of the draft that is not against this order, as it stands."""
    return TradeLineInput(
        product=line.product_id,
        qty=line.qty,
        unit=line.unit,
        price=None if line.source_line_id is not None else line.price,
        tax_rate=None if line.source_line_id is not None else line.tax_rate,
        line_discount_rate=None if line.source_line_id is not None else line.line_discount_rate,
        line_discount=None if line.source_line_id is not None else line.line_discount,
        source_line=line.source_line_id,
        batch=line.batch_no,
        production_date=line.production_date,
        expiry=line.expiry_date,
        remarks=line.remarks or "",
    )
