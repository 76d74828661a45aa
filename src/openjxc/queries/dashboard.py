"""Figures for the home page (首页) from what exists today: stock value, approvals, loans.

A fuller dashboard endpoint comes with the reports; this keeps the home page to three cheap
aggregates, each scoped like the lists they summarise.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.queries import approvals, loans
from openjxc.queries.stock import _scope

sb, w, d = inventory.stock_balance, catalog.warehouse, inventory.document


def home_figures(session: Session, actor: Actor, waiting: int | None = None) -> dict[str, Any]:
    """Stock value in all and by warehouse (not without price.read), documents waiting for the
    caller's approval, open loans."""
    actor.require(Permission.STOCK_READ)
    value: Decimal | None = None
    by_warehouse: list[tuple[str, Decimal]] = []
    if actor.can(Permission.PRICE_READ):
        total = select(func.coalesce(func.sum(sb.c.value), 0)).join(w, w.c.id == sb.c.warehouse_id)
        value = money_of(session.scalar(_scope(actor, total)))
        grouped = (
            select(w.c.name, func.sum(sb.c.value))
            .join(w, w.c.id == sb.c.warehouse_id)
            .group_by(w.c.id, w.c.name, w.c.code)
            .order_by(w.c.code)
        )
        by_warehouse = [
            (name, money_of(raw)) for name, raw in session.execute(_scope(actor, grouped))
        ]
    open_loans = loans.open_loans(session, actor, clock.today())
    return {
        "stock_value": value,
        "value_by_warehouse": by_warehouse,
        # as 审批中心 counts (``waiting``: already counted by the caller)
        "waiting_approval": approvals.inbox(session, actor, limit=0)[1]
        if waiting is None
        else waiting,
        "open_loans": len(open_loans),
        "overdue_loans": sum(1 for loan in open_loans if loan.overdue),
    }
