"""Idempotency-Key: a retried call returns the first reply instead of doing the work again.

The key of the call being served is a :class:`Claim`, set for the request by the API's
middleware. The unit of work consults it (:func:`on_begin`) before any work, on the same
transaction: a key already used answers there, with the first reply (:class:`Replayed`) or a
clear error. It is written with the work (:func:`on_commit`), so the work and its key commit
together or not at all: no key can be left "in progress" by a crash.

What the work answers is written with it too: the route declares, before the work, how its
reply can be given again (:func:`expect`, an :data:`Answer`); at the commit, that answer is
turned into a :class:`Completion` — the status code and the path of the resource whose
current representation is the reply (the document created, the one approved), or the reply
itself when it is known at that point — and written in the same transaction. The full reply
is kept right after the work by :func:`record_reply`; a retry gets it, or, when the server
stopped before keeping it, the reply rendered again from the completion (:class:`Rerender`).
A reply that carries a secret (:func:`withhold_reply`: a login token, a new API token, a
password) is never stored nor rendered again.

A commit that only remembers a failure on the way to an error (a wrong password counted) is
not the call's work: it is made under :func:`unclaimed` and leaves the key free.

A key matches a retry by its fingerprint: the caller (user, not credential, so logging in
again does not change it), method, path and query, and body. Keys expire after 24 hours.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.services.unit_of_work import Completion, IdempotencyStore, StoredKey, UnitOfWork

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


@dataclass(frozen=True)
class Written:
    """What the transaction being committed holds: the objects it inserted and every object
    it has read or written (for an :data:`Answer` to find its resource in)."""

    inserted: Sequence[object]
    present: Sequence[object]


#: how a route's reply is given again, declared before its work: called at the commit of the
#: work, in its transaction, with what the transaction holds
Answer = Callable[[Written], Completion]


@dataclass(frozen=True)
class Rerender:
    """A committed call whose full reply was not kept: render it again from the resource at
    ``path`` (its current representation), answered with ``status_code``."""

    status_code: int
    path: str


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
    answer: Answer | None = field(default=None, repr=False)  # how to answer again
    replay: Reply | None = field(default=None, repr=False)
    rerender: Rerender | None = field(default=None, repr=False)

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


def expect(answer: Answer) -> None:
    """How the reply of the call being served can be given again (set before its work)."""
    claim = _current.get()
    if claim is not None:
        claim.answer = answer


def expects_answer() -> bool:
    """Whether the call being served will ask its commit what it wrote (see :class:`Written`)."""
    claim = _current.get()
    return claim is not None and claim.answer is not None and not claim.committed


@contextmanager
def unclaimed() -> Iterator[None]:
    """Commits in this block are not the call's work (a failure remembered on the way to an
    error): they neither write nor use up the key."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


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
    if found.status_code is not None and found.body is not None:
        content_type = found.content_type or "application/json"
        claim.replay = Reply(found.status_code, found.body, content_type)
    elif found.status_code is not None and found.replay_path is not None:
        claim.rerender = Rerender(found.status_code, found.replay_path)
    elif found.status_code == NO_CONTENT:
        claim.replay = Reply(NO_CONTENT, b"", "")
    else:
        raise Conflict("idempotency_reply_unavailable")
    raise Replayed()


#: a reply without a body: its status code says everything
NO_CONTENT = 204


def on_commit(store: IdempotencyStore, written: Callable[[], Written]) -> Claim | None:
    """In the transaction of the work, before it commits: write the key (once per request)
    with what the work answers, if the route said how (``written``: what the transaction
    holds, asked only then).

    Returns the claim written, to be marked committed once the transaction is. A call that
    commits again under its key (no API call does) changes nothing more in the key: its
    retries are answered from the first commit's completion.
    """
    claim = _current.get()
    if claim is None or claim.committed:
        return None
    completion = None
    if claim.answer is not None and not claim.withheld:
        completion = claim.answer(written())
    store.claim(claim.key, claim.fingerprint, clock.now(), claim.withheld, completion)
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
