"""GET /notifications, POST /notifications/{id}/read, /notifications/read-all: the caller's
in-app notifications."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from openjxc.entrypoints.api.deps import (
    CurrentActor,
    IdPath,
    PageDep,
    ReadSession,
    UowDep,
    new_router,
)
from openjxc.queries import notifications as queries
from openjxc.services import notifications as service

router = new_router(prefix="/notifications", tags=["notifications"])


class NotificationRead(BaseModel):
    id: int
    kind: str = Field(description="the rule that fired: below_safety, above_max, …")
    title: str
    body: str
    link: str = Field(description="where to act, a path of the web UI")
    created_at: datetime
    read: bool
    read_at: datetime | None


class NotificationList(BaseModel):
    data: list[NotificationRead]
    count: int
    unread: int = Field(description="the caller's unread notifications in all")


@router.get("", response_model=NotificationList)
def list_notifications(
    session: ReadSession, actor: CurrentActor, page: PageDep, unread_only: bool = False
) -> NotificationList:
    """The caller's notifications: unread first, newest first."""
    rows, count = queries.list_notifications(
        session, actor, unread_only=unread_only, limit=page.limit, offset=page.offset
    )
    data = [
        NotificationRead(
            id=r.id,
            kind=r.kind,
            title=r.title,
            body=r.body,
            link=r.link,
            created_at=r.created_at,
            read=r.read_at is not None,
            read_at=r.read_at,
        )
        for r in rows
    ]
    return NotificationList(data=data, count=count, unread=queries.unread_count(session, actor))


@router.post("/read-all", status_code=204)
def read_all(uow: UowDep, actor: CurrentActor) -> None:
    """Mark every notification of the caller read."""
    service.mark_all_read(actor, uow)


@router.post("/{notification_id}/read", status_code=204)
def read_one(notification_id: IdPath, uow: UowDep, actor: CurrentActor) -> None:
    """Mark one of the caller's notifications read (another user's: not found)."""
    service.mark_read(notification_id, actor, uow)
