"""Logging in, API tokens, and turning a token back into an Actor."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import (
    NotFound,
    Unauthenticated,
    ValidationError,
)
from openjxc.services import idempotency, passwords
from openjxc.services.login_throttle import LoginThrottle
from openjxc.services.unit_of_work import CodedRepository, ReadOnlyUnitOfWork, UnitOfWork

TOKEN_PREFIX = "jxc_"
#: the kind of token a web session holds: valid only in its (signed, HttpOnly) session cookie,
#: never as a bearer token, so the cookie does not carry a credential the API accepts
WEB_SESSION = "web"

#: ``last_used_at`` is touched at most this often: a read should not write on every call
TOKEN_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is kept
    id: int
    expires_at: datetime | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    username: str,
    password: str,
    address: str,
    uow: UnitOfWork,
    settings: Settings,
    *,
    web_session: bool = False,
) -> IssuedToken:
    """Check a password and issue a short-lived login token; ``address`` is the client's.
    With ``web_session`` the token is a web session's: accepted only from its cookie.

    An unknown user, a wrong password, a disabled user and a name held back by the
    back-off all answer ``invalid_credentials`` after one password hash verification
    each, so neither the answer nor its time tells them apart. An address that failed too
    often is refused first (``too_many_attempts``), without checking anything.
    """
    now = clock.now()
    name = username.strip()
    throttle = LoginThrottle.from_settings(settings)
    with uow:
        throttle.check_address(uow, address, now)
        user = uow.users.by_username(name)
        if user is not None:
            uow.users.lock(user)  # a password change in flight commits first
        held_back = throttle.user_wait(uow, name, address, now) > 0
        right = passwords.check(user.password_hash if user else None, password)
        if user is None or not right or not user.active or held_back:
            throttle.failed(uow, name, address, now)
            with idempotency.unclaimed():  # not the call's work: its key stays free
                uow.commit()  # the failure must be remembered even though the call fails
            raise Unauthenticated("invalid_credentials")
        throttle.succeeded(uow, name, address)
        issued = issue_login_token(uow, user, now, settings, web_session=web_session)
        uow.audit.record(_actor_for(user, uow.roles), "auth.login", "user", user.id)
        idempotency.withhold_reply()  # the reply is the token
        uow.commit()
    return issued


def issue_login_token(
    uow: UnitOfWork, user: User, now: datetime, settings: Settings, *, web_session: bool = False
) -> IssuedToken:
    """A login token (a session) for ``user``, valid ``access_token_hours``; with
    ``web_session`` a web session's, accepted only from its cookie."""
    kind, name = (WEB_SESSION, "web session") if web_session else ("login", "login")
    return _issue(uow, user, name, kind, now + timedelta(hours=settings.access_token_hours))


def revoke_tokens_of(uow: UnitOfWork, user: User, now: datetime, *, keep_api_tokens: bool) -> int:
    """End every session (login token) of ``user`` and, unless kept, every API token; the
    number ended. A password change calls it: what the old password opened closes."""
    ended = 0
    for token in uow.tokens.list_by(user_id=user.id, revoked_at=None):
        if keep_api_tokens and token.kind == "api":
            continue
        token.revoked_at = now
        ended += 1
    return ended


def create_api_token(
    actor: Actor,
    name: str,
    uow: UnitOfWork,
    *,
    username: str | None = None,
    permissions: list[str] | None = None,
    expires_at: datetime | None = None,
) -> IssuedToken:
    """A long-lived token for scripts and integrations, optionally narrowed to some permissions.

    A user creates tokens for themself; an administrator (user.manage) for anyone.
    """
    actor.require(Permission.TOKEN_CREATE)
    with uow:
        if username is None or username == actor.username:
            user = uow.users.get(actor.user_id) if actor.user_id is not None else None
        else:
            actor.require(Permission.USER_MANAGE)
            user = uow.users.by_username(username)
        if user is None:
            raise NotFound("user", username or actor.username)
        uow.users.lock(user)  # a password change in flight ends the caller's token first
        _require_live_token(actor, uow)
        if permissions is not None:
            granted = _actor_for(user, uow.roles).permissions
            extra = sorted(set(permissions) - granted)
            if extra:
                raise ValidationError(
                    "permission_not_held", field="permissions", value=", ".join(extra)
                )
        if expires_at is not None and expires_at <= clock.now():
            raise ValidationError("expiry_in_past", field="expires_at")
        issued = _issue(uow, user, text.name(name), "api", expires_at, permissions)
        uow.audit.record(
            actor, "token.create", "token", issued.id, after={"name": name, "user": user.username}
        )
        idempotency.withhold_reply()  # the reply is the token
        uow.commit()
    return issued


def issue_api_token(uow: UnitOfWork, user: User, name: str) -> IssuedToken:
    """An API token for ``user``, until revoked (a terminal's: services/retail/terminals),
    inside an open unit of work; the caller withholds the reply and commits."""
    return _issue(uow, user, text.name(name), "api", None)


def revoke_token(token_id: int, actor: Actor, uow: UnitOfWork) -> None:
    """Revoke a token: one's own, or anyone's for an administrator."""
    with uow:
        token = uow.tokens.get(token_id)
        if token is None:
            raise NotFound("token", token_id)
        if token.user_id != actor.user_id:
            actor.require(Permission.USER_MANAGE)
        if token.revoked_at is None:
            token.revoked_at = clock.now()
            uow.audit.record(actor, "token.revoke", "token", token.id)
        uow.commit()


def _require_live_token(actor: Actor, uow: UnitOfWork) -> None:
    """The caller's token, read again: a request authenticated just before a password
    change ended its token must not mint a new one after."""
    if actor.token_id is None:
        return  # the system (CLI)
    token = uow.tokens.get(actor.token_id)
    if token is None or not token.is_valid(clock.now()):
        raise Unauthenticated("invalid_token")


def authenticate(token: str, uow: ReadOnlyUnitOfWork, *, web_session: bool = False) -> Actor:
    """The actor behind a bearer token (or, with ``web_session``, a web session's token), or
    Unauthenticated; never waits for a writer. Neither kind is accepted in the other's place."""
    now = clock.now()
    with uow:
        record = uow.tokens.get_by(token_hash=hash_token(token))
        if (
            record is None
            or not record.is_valid(now)
            or (record.kind == WEB_SESSION) != web_session
        ):
            raise Unauthenticated("invalid_token")
        user = uow.users.get(record.user_id)
        if user is None or not user.active:
            raise Unauthenticated("user_disabled")
        actor = _actor_for(user, uow.roles, record)
        assert record.id is not None
        if record.last_used_at is None or now - record.last_used_at > TOKEN_USE_PRECISION:
            # best effort: skipped while a writer holds the token or the database
            uow.note_token_use(record.id, now, unless_used_since=now - TOKEN_USE_PRECISION)
    return actor


def actor_for_username(username: str, uow: UnitOfWork) -> Actor:
    """The actor for a user named on the command line (the operator acts as them)."""
    with uow:
        user = uow.users.by_username(username)
        if user is None:
            raise NotFound("user", username)
        return _actor_for(user, uow.roles)


def _actor_for(user: User, roles: CodedRepository[Role], token: ApiToken | None = None) -> Actor:
    permissions: set[str] = set()
    for code in user.roles:
        role = roles.by_code(code)
        if role is not None:
            permissions |= role.grants()
    if token is not None and token.permissions is not None:
        permissions &= set(token.permissions)
    return Actor(
        user_id=user.id,
        username=user.username,
        permissions=frozenset(permissions),
        organisation_ids=None
        if user.organisation_ids is None
        else frozenset(user.organisation_ids),
        warehouse_ids=None if user.warehouse_ids is None else frozenset(user.warehouse_ids),
        token_id=token.id if token else None,
        language=user.language,
        roles=tuple(user.roles),
        own_documents=user.own_documents_only,
    )


def _issue(
    uow: UnitOfWork,
    user: User,
    name: str,
    kind: str,
    expires_at: datetime | None,
    permissions: list[str] | None = None,
) -> IssuedToken:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    assert user.id is not None
    record = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(token),
        kind=kind,
        created_at=clock.now(),
        expires_at=expires_at,
        permissions=sorted(permissions) if permissions is not None else None,
    )
    uow.tokens.add(record)
    uow.flush()
    assert record.id is not None
    return IssuedToken(token=token, id=record.id, expires_at=expires_at)
