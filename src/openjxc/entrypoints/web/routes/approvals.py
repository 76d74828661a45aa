"""审批中心: what waits for my approval (with amount and reason), approve or reject it with
a comment, and the steps I took."""

from __future__ import annotations

from fastapi import Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.labels import EDITABLE_TYPES
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as document_queries
from openjxc.queries.trading import approvals as queries

router = web_router(prefix="/approvals")
LIMIT = 100


@router.get("")
def approval_center(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Trading documents at my approval step, submitted stock documents, my history."""
    waiting, count = queries.inbox(db, actor, limit=LIMIT)
    stock: list[dict[str, object]] = []
    if actor.can(Permission.STOCK_DOCUMENT_APPROVE):
        stock, _ = document_queries.list_documents(
            db, actor, status="submitted", types=EDITABLE_TYPES, limit=LIMIT
        )
    values = {
        "waiting": waiting,
        "count": count,
        "stock": stock,
        "history": queries.my_history(db, actor),
    }
    return render(request, "approvals.html", values)
