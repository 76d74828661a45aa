"""Idempotency-Key: a retried call returns the first reply instead of doing the work again.

The key of the call being served is a :class:`Claim`, set for the request by the API's
middleware. The unit of work consults it (:func:`on_begin`) before any work, on the same
transaction: a key already used answers there, with the first reply (:class:`Replayed`) or a
clear error. It is written with the work (:func:`on_commit`), so the work and its key commit
together or not at all: no key can be left "in progress" by a crash. The reply itself is kept
right after the work by :func:`record_reply`, unless the use case said it carries a secret
(:func:`withhold_reply`: a login token, a new API token, a password), which is never stored.

A key matches a retry by its fingerprint: the caller (user, not credential, so logging in
again does not change it), method, path and query, and body. Keys expire after 24 hours.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.services.unit_of_work import IdempotencyStore, StoredKey, UnitOfWork

#: how long a key is remembered; after that it may be used again
KEY_LIFETIME = timedelta(hours=24)
#: a key is stored in a 255-character column (a UUID takes 36)
MAX_KEY_LENGTH = 255
#: visible ASCII only: a header's other bytes reach us as Latin-1 guesses, and would be
#: stored as something else than the client sent
_KEY = re.compile(r"[\x21-\x7e]+")


def check_key(key: str) -> str:
    """``key`` if it may be an Idempotency-Key (1–255 visible ASCII characters), else refuse it."""
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise ValidationError(
            "invalid_idempotency_key", field="Idempotency-Key", max_length=MAX_KEY_LENGTH
        )
    return key


@dataclass(frozen=True)
class Reply:
    status_code: int
    body: bytes
    content_type: str


@dataclass
class Claim:
    """The Idempotency-Key of the call being served, and what became of it."""

    key: str
    method: str
    target: str  # path and query
    body: bytes
    caller: str = ""  # the user, once authenticated; "" for anonymous calls
    checked: bool = False  # looked up: the key is free
    withheld: bool = False  # the reply carries a secret
    committed: bool = False  # the work (and the key) committed
    replay: Reply | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        parts = [self.caller.encode(), self.method.encode(), self.target.encode(), self.body]
        return hashlib.sha256(b"\n".join(parts)).hexdigest()


class Replayed(Conflict):
    """The call was made before with this key: its first reply (``claim.replay``) answers."""

    def __init__(self) -> None:
        super().__init__("idempotency_replayed")


_current: contextvars.ContextVar[Claim | None] = contextvars.ContextVar(
    "idempotency_claim", default=None
)


def start(claim: Claim) -> contextvars.Token[Claim | None]:
    """Serve the current request under ``claim`` (until :func:`stop`)."""
    return _current.set(claim)


def stop(token: contextvars.Token[Claim | None]) -> None:
    _current.reset(token)


def identify(user_id: int | None) -> None:
    """The caller is known: the key's fingerprint is theirs."""
    claim = _current.get()
    if claim is not None:
        claim.caller = "" if user_id is None else str(user_id)


def withhold_reply() -> None:
    """The reply of this call carries a secret: never keep it for a retry."""
    claim = _current.get()
    if claim is not None:
        claim.withheld = True


def on_begin(store: IdempotencyStore) -> None:
    """At the start of the request's first unit of work: answer a key already used."""
    claim = _current.get()
    if claim is None or claim.checked:
        return
    found = store.find(claim.key)
    if found is not None and expired(found, clock.now()):
        store.forget(claim.key)
        found = None
    if found is None:
        claim.checked = True
        return
    if found.fingerprint != claim.fingerprint:
        raise ValidationError("idempotency_key_reused")
    if found.withheld:
        raise Conflict("idempotency_reply_withheld")
    if found.status_code is None or found.body is None:
        raise Conflict("idempotency_reply_unavailable")
    claim.replay = Reply(found.status_code, found.body, found.content_type or "application/json")
    raise Replayed()


def on_commit(store: IdempotencyStore) -> Claim | None:
    """In the transaction of the work, before it commits: write the key (once per request).

    Returns the claim written, to be marked committed once the transaction is.
    """
    claim = _current.get()
    if claim is None or claim.committed:
        return None
    store.claim(claim.key, claim.fingerprint, clock.now(), claim.withheld)
    return claim


def record_reply(claim: Claim, reply: Reply, uow: UnitOfWork) -> None:
    """Keep the reply of a call whose work committed, for its retries; forget expired keys."""
    with uow:
        if not claim.withheld:
            uow.idempotency.store_reply(
                claim.key, reply.status_code, reply.body, reply.content_type
            )
        uow.idempotency.purge(clock.now() - KEY_LIFETIME)
        uow.commit()


def expired(found: StoredKey, now: datetime) -> bool:
    return now - found.created_at >= KEY_LIFETIME
