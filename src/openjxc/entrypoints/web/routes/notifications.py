"""站内通知: the bell in the top bar, the list, and marking read (opening one marks it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse

from openjxc.entrypoints.api.deps import IdPath
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import notifications as queries
from openjxc.services import notifications as service

router = web_router(prefix="/notifications")
PAGE = 50


def _local(link: str) -> str:
    """Only a path of this site (the messages are ours, but never send anyone elsewhere)."""
    return link if link.startswith("/") and not link.startswith("//") else "/notifications"


@router.get("")
def list_notifications(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """The user's notifications, unread first, each a link to where to act."""
    rows, count = queries.list_notifications(db, actor, limit=PAGE, offset=offset)
    values = {
        "rows": rows,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "unread": queries.unread_count(db, actor),
    }
    return render(request, "notifications.html", values)


@router.get("/bell")
def bell(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """The bell's unread count (htmx loads it with the page and every minute)."""
    return render(request, "notification_bell.html", {"unread": queries.unread_count(db, actor)})


@router.post("/read-all")
def read_all(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Mark every notification read."""
    service.mark_all_read(actor, uow)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/{notification_id}/open")
def open_notification(
    notification_id: IdPath, request: Request, actor: CurrentUser, uow: UowDep, db: ReadSession
) -> Response:
    """Mark it read and go where it says to act."""
    service.mark_read(notification_id, actor, uow)
    rows, _ = queries.list_notifications(db, actor, limit=1, offset=0, only_id=notification_id)
    return RedirectResponse(_local(rows[0].link) if rows else "/notifications", status_code=303)
