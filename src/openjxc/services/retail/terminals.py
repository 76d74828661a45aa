"""Terminals (收银终端): registered per store by an administrator, each with its own token.

A terminal signs in as a user of its own (``pos-<code>``, role ``pos_terminal``: the catalog
and ``retail.sync``), scoped to its store and the store's warehouse, so the token machinery,
revocation and data scope are the ones every user has. Its password is random and never
shown: the terminal uses only its API token, shown once at registration (or renewal).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.user import User
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import Conflict, NotFound, ValidationError
from openjxc.services import auth, idempotency, lookup
from openjxc.services.passwords import hash_password
from openjxc.services.retail.ports import Terminal
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.users import generate_password

ROLE = "pos_terminal"


@dataclass(frozen=True)
class TerminalData:
    code: str
    name: str
    store: str | int  # the organisation (门店)
    warehouse: str | int  # the store's warehouse the till sells from


@dataclass(frozen=True)
class RegisteredTerminal:
    terminal: Terminal
    token: auth.IssuedToken  # shown once


def register_terminal(data: TerminalData, actor: Actor, uow: UnitOfWork) -> RegisteredTerminal:
    """Register a terminal of a store and issue its token."""
    actor.require(Permission.USER_MANAGE)
    code = text.code(data.code)
    with uow:
        store: Organisation = lookup.resolve(uow.organisations, data.store, "store")
        if not actor.sees_organisation(store.id):
            raise ValidationError("unknown_reference", field="store", value=str(data.store)[:64])
        warehouse = lookup.resolve(uow.warehouses, data.warehouse, "warehouse")
        if warehouse.organisation_id != store.id or warehouse.transit or not warehouse.active:
            raise ValidationError("warehouse_not_of_store", field="warehouse", value=warehouse.code)
        username = f"pos-{code}"
        if uow.retail.terminal_by_code(code) is not None or uow.users.by_username(username):
            raise Conflict("duplicate", field="code", value=code)
        user = User(
            username=username,
            display_name=text.name(data.name, "name"),
            password_hash=hash_password(generate_password()),
            roles=[ROLE],
            organisation_ids=[store.id or 0],
            warehouse_ids=[warehouse.id or 0],
        )
        uow.users.add(user)
        uow.flush()
        assert user.id is not None
        terminal = Terminal(
            0, code, user.display_name, store.id or 0, warehouse.id or 0, user.id, True
        )
        terminal = replace(terminal, id=uow.retail.add_terminal(terminal))
        token = auth.issue_api_token(uow, user, f"terminal {code}")
        uow.audit.record(
            actor,
            "retail.terminal.create",
            "retail_terminal",
            code,
            after={"store": store.code, "warehouse": warehouse.code, "user": username},
        )
        idempotency.withhold_reply()  # the reply is the token
        uow.commit()
    return RegisteredTerminal(terminal, token)


def renew_terminal_token(code: str, actor: Actor, uow: UnitOfWork) -> RegisteredTerminal:
    """Revoke the terminal's tokens and issue a new one (a till lost or replaced)."""
    actor.require(Permission.USER_MANAGE)
    with uow:
        terminal, user = _terminal(uow, code, actor)
        auth.revoke_tokens_of(uow, user, clock.now(), keep_api_tokens=False)
        token = auth.issue_api_token(uow, user, f"terminal {terminal.code}")
        uow.audit.record(actor, "retail.terminal.token", "retail_terminal", terminal.code)
        idempotency.withhold_reply()
        uow.commit()
    return RegisteredTerminal(terminal, token)


def set_terminal_active(code: str, active: bool, actor: Actor, uow: UnitOfWork) -> Terminal:
    """Take a terminal out of service (its user is disabled: its token stops working) or back."""
    actor.require(Permission.USER_MANAGE)
    with uow:
        terminal, user = _terminal(uow, code, actor)
        uow.users.lock(user)
        user.active = active
        uow.retail.set_terminal_active(terminal.id, active)
        uow.audit.record(
            actor,
            "retail.terminal.update",
            "retail_terminal",
            terminal.code,
            after={"active": active},
        )
        uow.commit()
    return replace(terminal, active=active)


def _terminal(uow: UnitOfWork, code: str, actor: Actor) -> tuple[Terminal, User]:
    terminal = uow.retail.terminal_by_code(code)
    if terminal is None or not actor.sees_organisation(terminal.organisation_id):
        raise NotFound("retail_terminal", code)
    user = uow.users.get(terminal.user_id)
    assert user is not None
    return terminal, user
