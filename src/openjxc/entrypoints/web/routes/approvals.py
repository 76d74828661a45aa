"""审批中心: what waits for my approval (with amount and reason), approve or reject it with
a comment, and the steps I took."""

from __future__ import annotations

from fastapi import Request, Response

from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import approvals as queries

router = web_router(prefix="/approvals")
LIMIT = 100


@router.get("")
def approval_center(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Documents at my approval step (stock and trading), my history."""
    waiting, count = queries.inbox(db, actor, limit=LIMIT)
    values = {"waiting": waiting, "count": count, "history": queries.my_history(db, actor)}
    return render(request, "approvals.html", values)
