"""Retail read side: terminals and the 异常单 queue, in the caller's stores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog, inventory, retail, system
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.retail.payments import DEFAULT_METHODS
from openjxc.domain.shared.errors import NotFound, PermissionDenied
from openjxc.queries.rows import row_of, rows_of

t, x = retail.retail_terminal, retail.retail_exception
o, w, d = catalog.organisation, catalog.warehouse, inventory.document
u = access.user_account


@dataclass(frozen=True, slots=True)
class TerminalRow:
    id: int
    code: str
    name: str
    store: str
    warehouse: str
    username: str
    active: bool


@dataclass(frozen=True, slots=True)
class ExceptionRow:
    id: int
    terminal: str
    store: str
    client_id: str
    received_at: dt.datetime
    reason: str
    reason_params: dict[str, Any]
    status: str
    attempts: int
    document: str | None
    resolved_at: dt.datetime | None
    payload: dict[str, Any]


def _stores(actor: Actor) -> list[Any]:
    ids = actor.organisation_ids
    return [] if ids is None else [o.c.id.in_(sorted(ids))]


def list_terminals(session: Session, actor: Actor) -> list[TerminalRow]:
    """The terminals of the caller's stores."""
    if not (actor.can(Permission.USER_MANAGE) or actor.can(Permission.RETAIL_MANAGE)):
        raise PermissionDenied(str(Permission.RETAIL_MANAGE))
    query = (
        select(
            t.c.id,
            t.c.code,
            t.c.name,
            o.c.code.label("store"),
            w.c.code.label("warehouse"),
            u.c.username,
            t.c.active,
        )
        .join(o, o.c.id == t.c.organisation_id)
        .join(w, w.c.id == t.c.warehouse_id)
        .join(u, u.c.id == t.c.user_id)
        .where(*_stores(actor))
        .order_by(t.c.code)
    )
    return rows_of(TerminalRow, session.execute(query))


def _exceptions(actor: Actor) -> Any:
    return (
        select(
            x.c.id,
            t.c.code.label("terminal"),
            o.c.code.label("store"),
            x.c.client_id,
            x.c.received_at,
            x.c.reason,
            x.c.reason_params,
            x.c.status,
            x.c.attempts,
            d.c.number.label("document"),
            x.c.resolved_at,
            x.c.payload,
        )
        .join(t, t.c.id == x.c.terminal_id)
        .join(o, o.c.id == x.c.organisation_id)
        .outerjoin(d, d.c.id == x.c.document_id)
        .where(*_stores(actor))
    )


def list_exceptions(
    session: Session,
    actor: Actor,
    status: str | None = "open",
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ExceptionRow], int]:
    """The 异常单 of the caller's stores, oldest first; ``status`` None: all."""
    actor.require(Permission.RETAIL_MANAGE)
    query = _exceptions(actor)
    if status is not None:
        query = query.where(x.c.status == status)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(x.c.id).limit(limit).offset(offset))
    return rows_of(ExceptionRow, rows), count


def get_exception(session: Session, actor: Actor, exception_id: int) -> ExceptionRow:
    """One 异常单; out of the caller's stores it is not found."""
    actor.require(Permission.RETAIL_MANAGE)
    row = session.execute(_exceptions(actor).where(x.c.id == exception_id)).first()
    if row is None:
        raise NotFound("retail_exception", exception_id)
    return row_of(ExceptionRow, row)


def open_exception_count(session: Session, actor: Actor) -> int:
    """How many 异常单 wait in the caller's stores (the dashboard shows it until none)."""
    query = select(func.count()).select_from(x).join(o, o.c.id == x.c.organisation_id)
    return session.scalar(query.where(x.c.status == "open", *_stores(actor))) or 0


def payment_methods(session: Session) -> list[str]:
    """The payment methods in force (setting ``retail_payment_methods``, else the defaults)."""
    setting = system.setting
    value = session.scalar(select(setting.c.value).where(setting.c.key == "retail_payment_methods"))
    return list(value or DEFAULT_METHODS)
