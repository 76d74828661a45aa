"""Open loans (借出未还): what is out, with whom, until when, and what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.queries.documents import document_scope
from openjxc.queries.rows import row_of

d, ln = inventory.document, inventory.document_line
p, w, pt = catalog.product, catalog.warehouse, catalog.partner


@dataclass(frozen=True, slots=True)
class OpenLoan:
    """A loan line with something still out; quantities in the base unit."""

    document: str
    date: dt.date
    expected_return_date: dt.date | None
    partner: str | None
    partner_name: str | None
    warehouse: str
    product: str
    product_name: str
    base_unit: str
    lent: Decimal
    returned: Decimal
    outstanding: Decimal
    overdue: bool


def open_loans(
    session: Session, actor: Actor, today: dt.date, overdue_only: bool = False
) -> list[OpenLoan]:
    """Every approved loan line with something still out, oldest expected return first."""
    actor.require(Permission.STOCK_READ)
    back_line, back_doc = aliased(ln), aliased(d)
    returned = (
        select(back_line.c.source_line_id, func.sum(back_line.c.base_qty).label("returned"))
        .join(back_doc, back_doc.c.id == back_line.c.document_id)
        .where(
            back_doc.c.status == "approved",
            back_doc.c.reason == "loan_return",
            back_line.c.removed.is_(False),
        )
        .group_by(back_line.c.source_line_id)
        .subquery()
    )
    query = (
        select(
            d.c.number.label("document"),
            d.c.date,
            d.c.expected_return_date,
            pt.c.code.label("partner"),
            pt.c.name.label("partner_name"),
            w.c.code.label("warehouse"),
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit,
            ln.c.base_qty.label("lent"),
            func.coalesce(returned.c.returned, 0).label("returned"),
        )
        .join(ln, and_(ln.c.document_id == d.c.id, ln.c.removed.is_(False)))
        .join(p, p.c.id == ln.c.product_id)
        .join(w, w.c.id == d.c.warehouse_id)
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .outerjoin(returned, returned.c.source_line_id == ln.c.id)
        .where(d.c.type == "other_issue", d.c.reason == "lending", d.c.status == "approved")
        .where(ln.c.base_qty > func.coalesce(returned.c.returned, 0))
        .order_by(d.c.expected_return_date, d.c.number, ln.c.line_no)
    )
    if overdue_only:
        query = query.where(d.c.expected_return_date < today)
    query = query.where(*document_scope(actor))  # the documents list's rule
    return [
        row_of(
            OpenLoan,
            row,
            outstanding=row.lent - row.returned,
            overdue=row.expected_return_date is not None and row.expected_return_date < today,
        )
        for row in session.execute(query)
    ]
