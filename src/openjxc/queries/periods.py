"""Read side of periods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission


def list_periods(session: Session, actor: Actor) -> list[dict[str, Any]]:
    actor.require(Permission.STOCK_READ)
    pe, u = inventory.period, access.user_account
    query = (
        select(pe.c.month, pe.c.closed_at, u.c.username.label("closed_by"))
        .outerjoin(u, u.c.id == pe.c.closed_by)
        .order_by(pe.c.month.desc())
    )
    return [dict(r) for r in session.execute(query).mappings()]
