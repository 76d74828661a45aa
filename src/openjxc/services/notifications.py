"""Use cases of the in-app inbox: mark one's own notifications read.

Only the recipient's own copy changes, and nothing of the books: these are not audited (the
inbox itself records when each copy was read).
"""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.services.unit_of_work import UnitOfWork


def mark_read(notification_id: int, actor: Actor, uow: UnitOfWork) -> None:
    """Mark one of the caller's notifications read; another's reads as not found."""
    with uow:
        if actor.user_id is None or not uow.notifications.mark_read(
            notification_id, actor.user_id, clock.now()
        ):
            raise NotFound("notification", notification_id)
        uow.commit()


def mark_all_read(actor: Actor, uow: UnitOfWork) -> int:
    """Mark every unread notification of the caller read; how many."""
    if actor.user_id is None:
        return 0
    with uow:
        count = uow.notifications.mark_all_read(actor.user_id, clock.now())
        uow.commit()
    return count
