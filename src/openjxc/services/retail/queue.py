"""The 异常单 queue: a store manager re-posts a transaction once its cause is fixed."""

from __future__ import annotations

from dataclasses import replace

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, NotFound, TransientError
from openjxc.services.retail.ports import OPEN, POSTED, Queued
from openjxc.services.retail.posting import post_retail
from openjxc.services.retail.transactions import from_payload, json_safe
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork


def retry_exception(exception_id: int, actor: Actor, uow: UnitOfWork) -> Queued:
    """Post a queued transaction again (it posts once: a second retry finds it posted).

    Out of the caller's stores it is not found. When it still cannot post, the new reason is
    recorded and the error raised.
    """
    actor.require(Permission.RETAIL_MANAGE)
    return repost(exception_id, actor, uow, check_scope=True)


@retry_transient
def repost(exception_id: int, actor: Actor, uow: UnitOfWork, *, check_scope: bool) -> Queued:
    """:func:`retry_exception` without the permission check (a terminal's own batch retries
    the returns that waited for their sale)."""
    with uow:
        queued = uow.retail.exception(exception_id)
        if queued is None or (check_scope and not actor.sees_organisation(queued.organisation_id)):
            raise NotFound("retail_exception", exception_id)
        terminal = uow.retail.terminal(queued.terminal_id)
        assert terminal is not None
        uow.retail.lock_terminal(terminal.id)
        queued = uow.retail.exception(exception_id, lock=True)
        assert queued is not None
        if queued.status != OPEN:
            return queued
        try:
            doc = post_retail(uow, terminal, from_payload(queued.payload), actor)
            assert doc.id is not None
            uow.retail.resolve(exception_id, doc.id, actor.user_id, clock.now())
            uow.audit.record(
                actor,
                "retail.retry",
                "retail_exception",
                exception_id,
                after={"document": doc.number},
            )
            uow.commit()
        except TransientError:
            raise
        except DomainError as error:
            failure = error
        else:
            return replace(queued, status=POSTED, document_id=doc.id)
    with uow:
        params = (
            {**failure.params, "details": failure.details} if failure.details else failure.params
        )
        uow.retail.failed_again(exception_id, failure.code, json_safe(params))
        uow.commit()
    raise failure
