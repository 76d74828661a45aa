"""Use cases for users and roles."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES, Permission
from openjxc.domain.access.user import Role, User, check_password_strength
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import Conflict, NotFound, TooManyAttempts, ValidationError
from openjxc.services import auth, idempotency, lookup
from openjxc.services.audit import changes, snapshot
from openjxc.services.login_throttle import LoginThrottle
from openjxc.services.passwords import hash_password, verify_password
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class UserData:
    username: str
    display_name: str = ""
    password: str | None = None
    roles: tuple[str, ...] = ()
    organisation_ids: tuple[int, ...] | None = None
    warehouse_ids: tuple[int, ...] | None = None
    language: str = "zh-CN"
    own_documents_only: bool = False


def generate_password() -> str:
    """A strong password for a person to copy once; always passes our own strength rules."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password_strength(password)
        except ValidationError:
            continue  # about 1 in 30 is letters only
        return password


def ensure_builtin_roles(uow: UnitOfWork) -> None:
    """Create or refresh the built-in roles (run by ``jxc init`` and migrations' callers)."""
    with uow:
        for code, (name, name_en, permissions) in BUILTIN_ROLES.items():
            role = uow.roles.by_code(code)
            wanted = sorted(str(p) for p in permissions)
            if role is None:
                uow.roles.add(Role(code, name, name_en, wanted, builtin=True))
            else:
                role.name, role.name_en, role.permissions, role.builtin = (
                    name,
                    name_en,
                    wanted,
                    True,
                )
        uow.commit()


def create_user(data: UserData, actor: Actor, uow: UnitOfWork) -> tuple[User, str]:
    """Create a user; returns the user and the password (generated when none was given)."""
    actor.require(Permission.USER_MANAGE)
    password = data.password or generate_password()
    check_password_strength(password)
    username = _username(data.username)
    with uow:
        if uow.users.by_username(username):
            raise Conflict("duplicate", field="username", value=username)
        roles = _known_roles(data.roles, uow)
        user = User(
            username=username,
            display_name=text.name(data.display_name or username, "display_name"),
            password_hash=hash_password(password),
            roles=roles,
            organisation_ids=_scope(uow, "organisation_ids", data.organisation_ids),
            warehouse_ids=_scope(uow, "warehouse_ids", data.warehouse_ids),
            own_documents_only=data.own_documents_only,
            language=_language(data.language),
        )
        uow.users.add(user)
        uow.flush()
        uow.audit.record(actor, "user.create", "user", user.id, after=snapshot(user))
        idempotency.withhold_reply()  # the reply shows the password
        uow.commit()
    return user, password


def update_user(
    user_ref: int | str,
    actor: Actor,
    uow: UnitOfWork,
    *,
    display_name: str | None = None,
    roles: tuple[str, ...] | None = None,
    organisation_ids: tuple[int, ...] | object | None = ...,
    warehouse_ids: tuple[int, ...] | object | None = ...,
    active: bool | None = None,
    language: str | None = None,
    own_documents_only: bool | None = None,
) -> User:
    """Change a user's name, roles, data scope, language or active flag."""
    actor.require(Permission.USER_MANAGE)
    with uow:
        if roles is not None or active is False:
            # who else can manage users is read under lock, in one order: two changes
            # that would each leave the other as the last administrator serialise
            uow.users.lock_active()
        user = _get_user(user_ref, uow)
        uow.users.lock(user)
        before = snapshot(user)
        if display_name is not None:
            user.display_name = text.name(display_name, "display_name")
        was_admin = user.active and _manages_users(user.roles, uow)
        if roles is not None:
            user.roles = _known_roles(roles, uow)
        _set_scope(user, uow, organisation_ids, warehouse_ids)
        if active is not None:
            if not active and user.id == actor.user_id:
                raise ValidationError("cannot_disable_self", field="active")
            user.active = active
        if language is not None:
            user.language = _language(language)
        if own_documents_only is not None:
            user.own_documents_only = own_documents_only
        if was_admin and not (user.active and _manages_users(user.roles, uow)):
            _require_another_admin(user, uow)
        old, new = changes(before, snapshot(user))
        if new:
            uow.audit.record(actor, "user.update", "user", user.id, before=old, after=new)
        uow.commit()
    return user


def _set_scope(
    user: User, uow: UnitOfWork, organisation_ids: object, warehouse_ids: object
) -> None:
    """The stores and warehouses the user sees; ``...`` leaves one as it is."""
    if organisation_ids is not ...:
        user.organisation_ids = _scope(uow, "organisation_ids", organisation_ids)  # type: ignore[arg-type]
    if warehouse_ids is not ...:
        user.warehouse_ids = _scope(uow, "warehouse_ids", warehouse_ids)  # type: ignore[arg-type]


def set_password(
    user_ref: int | str, new_password: str | None, actor: Actor, uow: UnitOfWork
) -> str:
    """An administrator sets (or generates) a user's password; returns it.

    Every session and API token of the user ends, and their failed logins are forgotten.
    """
    actor.require(Permission.USER_MANAGE)
    password = new_password or generate_password()
    check_password_strength(password)
    now = clock.now()
    with uow:
        user = _get_user(user_ref, uow)
        uow.users.lock(user)  # a login in flight re-reads the new hash after us
        user.password_hash = hash_password(password)
        ended = auth.revoke_tokens_of(uow, user, now, keep_api_tokens=False)
        uow.login_failures.forget_user(user.username)
        uow.audit.record(
            actor, "user.set_password", "user", user.id, after={"tokens_revoked": ended}
        )
        idempotency.withhold_reply()  # the reply shows the password
        uow.commit()
    return password


def change_own_password(
    actor: Actor,
    old_password: str,
    new_password: str,
    uow: UnitOfWork,
    settings: Settings,
    *,
    address: str,
    keep_api_tokens: bool = False,
    web_session: bool = False,
) -> auth.IssuedToken:
    """A user changes their own password, proving the old one (throttled like a login).
    ``web_session``: the caller is the web UI, whose session goes on with a web token.

    Every other session ends, and every API token unless ``keep_api_tokens``; the caller's
    session goes on with the login token returned (the one it used has ended too).
    """
    check_password_strength(new_password)
    now = clock.now()
    throttle = LoginThrottle.from_settings(settings)
    with uow:
        throttle.check_address(uow, address, now)  # first, as at login: one lock order
        user = uow.users.get(actor.user_id) if actor.user_id is not None else None
        if user is None:
            raise NotFound("user", actor.username)
        uow.users.lock(user)
        wait = throttle.user_wait(uow, user.username, address, now)
        if wait:  # the caller is logged in: telling them to wait reveals nothing
            raise TooManyAttempts("too_many_attempts", retry_after=wait)
        if not verify_password(user.password_hash, old_password):
            throttle.failed(uow, user.username, address, now)
            with idempotency.unclaimed():  # not the call's work: its key stays free
                uow.commit()  # the failure must be remembered even though the call fails
            raise ValidationError("wrong_password", field="old_password")
        throttle.succeeded(uow, user.username, address)
        user.password_hash = hash_password(new_password)
        ended = auth.revoke_tokens_of(uow, user, now, keep_api_tokens=keep_api_tokens)
        issued = auth.issue_login_token(uow, user, now, settings, web_session=web_session)
        uow.audit.record(
            actor,
            "user.change_password",
            "user",
            user.id,
            after={"tokens_revoked": ended, "api_tokens_kept": keep_api_tokens},
        )
        idempotency.withhold_reply()  # the reply is the new login token
        uow.commit()
    return issued


def create_role(
    code: str, name: str, permissions: list[str], actor: Actor, uow: UnitOfWork, name_en: str = ""
) -> Role:
    """A custom role with a chosen set of permissions."""
    actor.require(Permission.USER_MANAGE)
    role = Role(text.code(code), text.name(name), text.name(name_en or name, "name_en"), [])
    role.set_permissions(permissions)
    with uow:
        if uow.roles.by_code(role.code):
            raise Conflict("duplicate", field="code", value=role.code)
        uow.roles.add(role)
        uow.audit.record(actor, "role.create", "role", role.code, after=snapshot(role))
        uow.commit()
    return role


def update_role(code: str, permissions: list[str], actor: Actor, uow: UnitOfWork) -> Role:
    actor.require(Permission.USER_MANAGE)
    with uow:
        role = uow.roles.by_code(code)
        if role is None:
            raise NotFound("role", code)
        if role.builtin:
            raise ValidationError("builtin_role", field="code", value=code)
        before = snapshot(role)
        role.set_permissions(permissions)
        uow.audit.record(actor, "role.update", "role", code, *changes(before, snapshot(role)))
        uow.commit()
    return role


def _manages_users(roles: list[str], uow: UnitOfWork) -> bool:
    """Whether these roles let a user manage users (the administrator's power)."""
    granted = (uow.roles.get_by(code=code) for code in roles)
    return any(
        role is not None and role.grants_permission(Permission.USER_MANAGE) for role in granted
    )


def _require_another_admin(user: User, uow: UnitOfWork) -> None:
    """Refuse to demote or disable the last active user who can manage users: nobody could
    then manage users, reset a password or give the power back."""
    others = [
        other
        for other in uow.users.list_by(active=True)
        if other.id != user.id and _manages_users(other.roles, uow)
    ]
    if not others:
        raise ValidationError("last_admin", field="roles", user=user.username)


def _get_user(ref: int | str, uow: UnitOfWork) -> User:
    if isinstance(ref, int):  # an id beyond an INTEGER column names no one
        user = None if (id := lookup.as_id(ref)) is None else uow.users.get(id)
    else:
        user = uow.users.by_username(ref) if "\x00" not in ref else None
    if user is None:
        raise NotFound("user", ref)
    return user


def _username(value: str) -> str:
    name = text.name(value, "username", max_length=64)
    if any(ch.isspace() for ch in name):
        raise ValidationError("invalid_username", field="username", value=name)
    return name


def _known_roles(roles: tuple[str, ...], uow: UnitOfWork) -> list[str]:
    for role in roles:
        if uow.roles.by_code(role) is None:
            raise ValidationError("unknown_role", field="roles", value=role)
    return sorted(set(roles))


def _scope(uow: UnitOfWork, field: str, ids: tuple[int, ...] | None) -> list[int] | None:
    """A data scope (None: everything), each id an existing organisation or warehouse."""
    if ids is None:
        return None
    repository = uow.organisations if field == "organisation_ids" else uow.warehouses
    for id in ids:
        if repository.get(id) is None:
            raise ValidationError("unknown_reference", field=field, value=id)
    return sorted(set(ids))


def _language(value: str) -> str:
    if value not in ("zh-CN", "en"):
        raise ValidationError("unknown_language", field="language", value=value)
    return value


def get_user(ref: int | str, actor: Actor, uow: UnitOfWork) -> User:
    """One user (user.manage, or oneself)."""
    with uow:
        user = _get_user(ref, uow)
        if user.id != actor.user_id:
            actor.require(Permission.USER_MANAGE)
        return user
