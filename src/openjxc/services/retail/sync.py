"""``POST /api/v1/sync/retail``: a terminal's batch of transactions, each posted exactly once.

Each transaction is a unit of work of its own, so one that fails never holds back the
others. Under the terminal's lock it is looked up by (terminal, transaction id) — unique in
the database for posted transactions and for queued ones — so a batch sent twice, a batch
cut off and sent again, or transactions arriving out of order post each one once:

* already posted → ``duplicate`` (with its document number);
* already queued → ``exception`` again, with the reason it is queued for;
* posts now → ``posted``;
* cannot post (a product unknown, stock short where negative stock is forbidden, a closed
  month, payments that do not add up …) → kept as received in the 异常单 queue with the
  reason, and acknowledged as ``exception``. Nothing is ever dropped.

A return that names a sale not posted yet waits in the queue (``original_not_posted``) and is
tried again at the end of any batch of its terminal: out of order ends in the same ledger.

The batch is idempotent by the transactions' ids, so it claims no Idempotency-Key: a batch
resent after a crash half-way is answered from the ledger, never refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TransientError,
)
from openjxc.services import idempotency
from openjxc.services.retail.ports import OPEN, Terminal
from openjxc.services.retail.posting import post_retail
from openjxc.services.retail.queue import repost
from openjxc.services.retail.transactions import RetailInput, json_safe, to_payload
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork

POSTED, DUPLICATE, EXCEPTION = "posted", "duplicate", "exception"
MAX_BATCH = 500


@dataclass(frozen=True)
class Ack:
    """What became of one transaction of the batch."""

    id: str
    status: str  # posted, duplicate, exception
    number: str | None = None  # the document it posted as
    exception_id: int | None = None
    reason: str | None = None  # the error code it is queued for
    params: dict[str, Any] = field(default_factory=dict)
    details: list[dict[str, Any]] = field(default_factory=list)


def sync_retail(batch: Sequence[RetailInput], actor: Actor, uow: UnitOfWork) -> list[Ack]:
    """Post a terminal's batch; one acknowledgement per transaction, in the batch's order."""
    actor.require(Permission.RETAIL_SYNC)
    terminal = _terminal_of(actor, uow)
    with uow:
        store = uow.organisations.get(terminal.organisation_id)
        assert store is not None
    for data in batch:  # a terminal posts to its own store only: another is not found
        if data.store != store.code:
            raise NotFound("organisation", data.store[:64])
    acks: list[Ack] = []
    with idempotency.unclaimed():
        for data in batch:
            acks.append(_sync_one(terminal, data, actor, uow))
        if any(a.status == POSTED for a in acks):
            _retry_waiting(terminal, actor, uow)
    return acks


def _terminal_of(actor: Actor, uow: UnitOfWork) -> Terminal:
    with uow:
        terminal = uow.retail.terminal_of_user(actor.user_id or 0)
    if terminal is None or not terminal.active:
        raise PermissionDenied("retail.terminal")
    return terminal


@retry_transient
def _sync_one(terminal: Terminal, data: RetailInput, actor: Actor, uow: UnitOfWork) -> Ack:
    with uow:
        uow.retail.lock_terminal(terminal.id)
        known = _known(uow, terminal, data.id)
        if known is not None:
            return known
        try:
            doc = post_retail(uow, terminal, data, actor)
            uow.commit()
            return Ack(data.id, POSTED, number=doc.number)
        except TransientError:
            raise
        except Conflict as error:
            if error.code != "conflict":
                failure: DomainError = error
            else:
                raise  # a constraint raced: the whole transaction is tried again
        except DomainError as error:
            failure = error
    with uow:
        uow.retail.lock_terminal(terminal.id)
        known = _known(uow, terminal, data.id)
        if known is not None:
            return known
        params = (
            {**failure.params, "details": failure.details} if failure.details else failure.params
        )
        exception_id = uow.retail.queue(
            terminal, data.id, to_payload(data), failure.code, json_safe(params), clock.now()
        )
        uow.audit.record(
            actor, "retail.queue", "retail_exception", exception_id, after={"reason": failure.code}
        )
        uow.commit()
    return Ack(
        data.id,
        EXCEPTION,
        exception_id=exception_id,
        reason=failure.code,
        params=json_safe(failure.params),
        details=json_safe(failure.details),
    )


def _known(uow: UnitOfWork, terminal: Terminal, client_id: str) -> Ack | None:
    number = uow.retail.posted(terminal.id, client_id)
    if number is not None:
        return Ack(client_id, DUPLICATE, number=number)
    queued = uow.retail.queued(terminal.id, client_id)
    if queued is None:
        return None
    if queued.status != OPEN:
        return Ack(client_id, DUPLICATE, exception_id=queued.id)
    params = dict(queued.reason_params)
    details = params.pop("details", [])
    return Ack(
        client_id,
        EXCEPTION,
        exception_id=queued.id,
        reason=queued.reason,
        params=params,
        details=details,
    )


def _retry_waiting(terminal: Terminal, actor: Actor, uow: UnitOfWork) -> None:
    """Returns queued for want of their sale, tried again now that sales posted."""
    with uow:
        waiting = uow.retail.open_exceptions(terminal.id, "original_not_posted")
    for exception_id in waiting:
        try:
            repost(exception_id, actor, uow, check_scope=False)
        except DomainError:
            continue  # still waiting: its reason is recorded again
