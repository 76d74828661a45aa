"""Orders past their expected date and not fully received (or delivered)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import qty_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.status import Status
from openjxc.queries.warehouses import in_scope

d, ln, pt = inventory.document, inventory.document_line, catalog.partner
w = catalog.warehouse


def overdue_orders(
    session: Session, actor: Actor, kind: str, as_of: date, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Open orders of ``kind`` expected before ``as_of`` with quantity still open, in the
    warehouses the caller sees; one page and the number of them, from one query."""
    actor.require(Permission.STOCK_READ)
    approved = (
        select(ln.c.id, ln.c.source_line_id, ln.c.base_qty)
        .join(d, d.c.id == ln.c.document_id)
        .where(d.c.status == Status.APPROVED.value, ln.c.removed.is_(False))
        .subquery()
    )
    done = (
        select(approved.c.source_line_id, func.sum(approved.c.base_qty).label("qty"))
        .group_by(approved.c.source_line_id)
        .subquery()
    )
    ordered = func.sum(ln.c.base_qty)
    delivered = func.coalesce(func.sum(done.c.qty), 0)
    query = (
        select(
            d.c.id,
            d.c.number,
            d.c.date,
            d.c.expected_date,
            d.c.warehouse_id,
            d.c.organisation_id,
            pt.c.code.label("partner"),
            pt.c.name.label("partner_name"),
            ordered.label("ordered"),
            delivered.label("done"),
            func.count().over().label("total"),
        )
        .join(ln, ln.c.document_id == d.c.id)
        .join(pt, pt.c.id == d.c.partner_id)
        .join(w, w.c.id == d.c.warehouse_id)
        .outerjoin(done, done.c.source_line_id == ln.c.id)
        .where(
            d.c.type == kind,
            d.c.status.in_([Status.APPROVED.value, Status.PARTIAL.value]),
            d.c.expected_date < as_of,
            ln.c.removed.is_(False),
        )
        .group_by(
            d.c.id,
            d.c.number,
            d.c.date,
            d.c.expected_date,
            d.c.warehouse_id,
            d.c.organisation_id,
            pt.c.code,
            pt.c.name,
        )
        .having(ordered > delivered)
        .order_by(d.c.expected_date, d.c.number)
        .limit(limit)
        .offset(offset)
    )
    result, total = [], 0
    for row in session.execute(in_scope(query, actor)).mappings():
        total = row["total"]
        wanted, received = qty_of(row["ordered"]), qty_of(row["done"])
        item = {k: v for k, v in row.items() if k != "total"}
        result.append(dict(item, ordered=wanted, done=received, open_qty=wanted - received))
    if not result and offset:  # a page past the end: count them anyway
        total = len(overdue_orders(session, actor, kind, as_of, limit=1_000_000)[0])
    return result, total
