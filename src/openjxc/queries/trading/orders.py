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
from openjxc.domain.shared.numbers import ZERO

d, ln, pt = inventory.document, inventory.document_line, catalog.partner


def overdue_orders(
    session: Session, actor: Actor, kind: str, as_of: date, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Open orders of ``kind`` expected before ``as_of`` with quantity still open."""
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
    rows = session.execute(
        select(
            d.c.number,
            d.c.date,
            d.c.expected_date,
            pt.c.code.label("partner"),
            func.sum(ln.c.base_qty).label("ordered"),
            func.coalesce(func.sum(done.c.qty), 0).label("done"),
        )
        .join(ln, ln.c.document_id == d.c.id)
        .join(pt, pt.c.id == d.c.partner_id)
        .outerjoin(done, done.c.source_line_id == ln.c.id)
        .where(
            d.c.type == kind,
            d.c.status.in_([Status.APPROVED.value, Status.PARTIAL.value]),
            d.c.expected_date < as_of,
            ln.c.removed.is_(False),
        )
        .group_by(d.c.id, d.c.number, d.c.date, d.c.expected_date, pt.c.code)
        .order_by(d.c.expected_date, d.c.number)
    ).mappings()
    result = []
    for row in rows:
        ordered, received = qty_of(row["ordered"]), qty_of(row["done"])
        item = dict(row, ordered=ordered, done=received, open_qty=ordered - received)
        if item["open_qty"] > ZERO:
            result.append(item)
    return result[offset : offset + limit], len(result)
