"""The caller's in-app notifications (站内通知): unread first, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import jobs as t
from openjxc.domain.access.actor import Actor
from openjxc.queries.rows import rows_of

n, nr = t.notification, t.notification_recipient


@dataclass(frozen=True, slots=True)
class NotificationRow:
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


def list_notifications(
    session: Session,
    actor: Actor,
    *,
    unread_only: bool = False,
    only_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[NotificationRow], int]:
    """One page of the caller's notifications (unread first, then newest first) and how
    many there are. Any signed-in user has an inbox; the system actor has none."""
    if actor.user_id is None:
        return [], 0
    mine = nr.c.user_id == actor.user_id
    if unread_only:
        mine &= nr.c.read_at.is_(None)
    if only_id is not None:
        mine &= nr.c.notification_id == only_id
    count = session.scalar(select(func.count()).select_from(nr).where(mine)) or 0
    rows = session.execute(
        select(n.c.id, n.c.kind, n.c.title, n.c.body, n.c.link, n.c.created_at, nr.c.read_at)
        .join(n, n.c.id == nr.c.notification_id)
        .where(mine)
        .order_by(nr.c.read_at.is_not(None), n.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return rows_of(NotificationRow, rows), count


def unread_count(session: Session, actor: Actor) -> int:
    """How many of the caller's notifications are unread (the bell's number)."""
    if actor.user_id is None:
        return 0
    where = (nr.c.user_id == actor.user_id) & nr.c.read_at.is_(None)
    return session.scalar(select(func.count()).select_from(nr).where(where)) or 0
