"""What a loan return (借出归还) brings back by default: everything of a loan still out.

A line of a batch-tracked product comes back as the batches it went out in (an issue without
a batch was picked first-expiry-first-out, so the moves know them, the line does not).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType, Reason
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.queries.rows import row_of

d, ln, m, b = inventory.document, inventory.document_line, inventory.stock_move, inventory.batch
p, w, pt = catalog.product, catalog.warehouse, catalog.partner


@dataclass(frozen=True, slots=True)
class _Loan:
    id: int
    number: str
    type: str
    reason: str | None
    status: str
    organisation_id: int
    warehouse_id: int
    warehouse: str
    partner: str | None


@dataclass(frozen=True, slots=True)
class OutLine:
    """What of a loan line (and batch) is still out."""

    product: str
    unit: str
    qty: Decimal
    base_qty: Decimal
    batch: str | None
    production_date: date | None
    expiry: date | None


@dataclass(frozen=True, slots=True)
class StillOut:
    """An approved loan (借出), its warehouse and partner by code, and what is still out."""

    number: str
    warehouse: str
    partner: str | None
    lines: tuple[OutLine, ...]


def still_out(session: Session, actor: Actor, number: str) -> StillOut:
    """An approved loan's warehouse and partner and, per line and batch, what is still out:
    in the loan's own unit when a whole line is out, else in the base unit."""
    actor.require(Permission.STOCK_READ)
    header = _header(session, actor, number)
    lines = session.execute(
        select(ln.c.id, ln.c.unit, ln.c.qty, ln.c.base_qty, p.c.code, p.c.base_unit)
        .join(p, p.c.id == ln.c.product_id)
        .where(ln.c.document_id == header.id, ln.c.removed.is_(False))
        .order_by(ln.c.line_no)
    ).all()
    out = _lent(session, header.id)
    back = _returned(session, [line.id for line in lines])
    found = []
    for line in lines:
        left = line.base_qty - sum(back[line.id].values(), ZERO)
        for batch, (lent, production, expiry) in out[line.id].items():
            qty = min(max(lent - back[line.id].get(batch, ZERO), ZERO), left)
            left -= qty
            if qty <= ZERO:
                continue
            whole = qty == line.base_qty
            found.append(
                OutLine(
                    product=line.code,
                    unit=line.unit if whole else line.base_unit,
                    qty=line.qty if whole else qty,
                    base_qty=qty,
                    batch=batch,
                    production_date=production,
                    expiry=expiry,
                )
            )
    return StillOut(header.number, header.warehouse, header.partner, tuple(found))


def waiting_return(session: Session, actor: Actor, number: str) -> str | None:
    """The number of a loan return of loan ``number`` not yet approved (a draft or one
    waiting for approval), so a second click on 登记归还 opens it instead of making another."""
    header = _header(session, actor, number)
    return session.scalar(
        select(d.c.number)
        .where(
            d.c.source_document_id == header.id,
            d.c.reason == Reason.LOAN_RETURN.value,
            d.c.status.in_([Status.DRAFT.value, Status.SUBMITTED.value]),
        )
        .order_by(d.c.id)
        .limit(1)
    )


def _header(session: Session, actor: Actor, number: str) -> _Loan:
    row = session.execute(
        select(
            d.c.id,
            d.c.number,
            d.c.type,
            d.c.reason,
            d.c.status,
            d.c.organisation_id,
            d.c.warehouse_id,
            w.c.code.label("warehouse"),
            pt.c.code.label("partner"),
        )
        .join(w, w.c.id == d.c.warehouse_id)
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .where(d.c.number == number)
    ).first()
    if row is None or not actor.sees_warehouse(row.warehouse_id, row.organisation_id):
        raise NotFound("document", number)
    if (row.type, row.reason, row.status) != (
        DocumentType.OTHER_ISSUE.value,
        Reason.LENDING.value,
        Status.APPROVED.value,
    ):
        raise ValidationError("not_an_open_loan", field="source_document", value=number)
    return row_of(_Loan, row)


Lent = dict[str | None, tuple[Decimal, date | None, date | None]]


def _lent(session: Session, document_id: int) -> dict[int, Lent]:
    """Per loan line and batch number (None: no batch): the quantity that went out, net of
    any reversal, with the batch's dates."""
    rows = session.execute(
        select(m.c.line_id, m.c.qty, b.c.batch_no, b.c.production_date, b.c.expiry_date)
        .outerjoin(b, b.c.id == m.c.batch_id)
        .where(m.c.document_id == document_id)
        .order_by(m.c.id)
    ).all()
    lent: dict[int, Lent] = defaultdict(dict)
    for row in rows:
        qty = lent[row.line_id].get(row.batch_no, (ZERO, None, None))[0]
        lent[row.line_id][row.batch_no] = (qty - row.qty, row.production_date, row.expiry_date)
    return lent


def _returned(session: Session, line_ids: list[int]) -> dict[int, dict[str | None, Decimal]]:
    """Per loan line and batch number: the quantity approved returns brought back."""
    back_line, back_doc = aliased(ln), aliased(d)
    rows = session.execute(
        select(back_line.c.source_line_id, back_line.c.batch_no, back_line.c.base_qty)
        .join(back_doc, back_doc.c.id == back_line.c.document_id)
        .where(
            back_line.c.source_line_id.in_(line_ids),
            back_line.c.removed.is_(False),
            back_doc.c.status == Status.APPROVED.value,
            back_doc.c.reason == Reason.LOAN_RETURN.value,
        )
    ).all()
    returned: dict[int, dict[str | None, Decimal]] = defaultdict(dict)
    for row in rows:
        batches = returned[row.source_line_id]
        batches[row.batch_no] = batches.get(row.batch_no, ZERO) + row.base_qty
    return returned
