"""Read side of periods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.snapshots import first_dated_month, month_bounds, months_between
from openjxc.adapters.db.tables import access, inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.business_dates import month_of


def list_periods(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every closed month, latest first, with who closed it and when.

    A month is closed by its own close, or, in a database closed before each month was
    recorded, by a later close that covered it (``closed_with`` names that close)."""
    actor.require(Permission.STOCK_READ)
    pe, u = inventory.period, access.user_account
    query = (
        select(pe.c.month, pe.c.closed_at, u.c.username.label("closed_by"))
        .outerjoin(u, u.c.id == pe.c.closed_by)
        .order_by(pe.c.month)
    )
    rows: list[dict[str, Any]] = []
    previous: str | None = None
    for row in session.execute(query).mappings():
        first = first_dated_month(session) if previous is None else None
        start = first if previous is None else month_of(month_bounds(previous)[1])
        covered = months_between(start, row["month"])[:-1] if start is not None else []
        rows += [{**row, "month": month, "closed_with": row["month"]} for month in covered]
        rows.append({**row, "closed_with": None})
        previous = row["month"]
    return rows[::-1]
