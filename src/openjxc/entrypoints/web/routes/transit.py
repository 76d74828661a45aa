"""Transfers in transit (在途调拨): two-step transfers issued and not yet received."""

from __future__ import annotations

from fastapi import Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries

router = web_router(prefix="/stock")
LIMIT = 200


@router.get("/in-transit")
def in_transit(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Every two-step transfer on the road, oldest first, with its 收货 button."""
    rows, count = queries.list_documents(
        db, actor, status="in_transit", types=("transfer",), limit=LIMIT
    )
    values = {
        "rows": sorted(rows, key=lambda r: (r["date"], r["number"])),
        "count": count,
        "can_receive": actor.can(Permission.STOCK_DOCUMENT_APPROVE),
    }
    return render(request, "stock/in_transit.html", values)
