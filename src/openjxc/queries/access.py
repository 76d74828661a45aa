"""Read side for users, roles, tokens and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog, inventory, system, trading
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.trading import flow
from openjxc.domain.trading.salesperson import may_assign
from openjxc.queries._paging import contains
from openjxc.queries.documents import document_scope
from openjxc.queries.trading.payments import payments_in_scope


def list_users(
    session: Session, actor: Actor, q: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    actor.require(Permission.USER_MANAGE)
    t = access.user_account
    query = select(
        t.c.id,
        t.c.username,
        t.c.display_name,
        t.c.roles,
        t.c.organisation_ids,
        t.c.warehouse_ids,
        t.c.own_documents_only,
        t.c.active,
        t.c.language,
        t.c.created_at,
    )
    if q:
        query = query.where(or_(contains(t.c.username, q), contains(t.c.display_name, q)))
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(t.c.id).limit(limit).offset(offset)).mappings()
    return [dict(r) for r in rows], count


def salespeople(
    session: Session, actor: Actor, kind: DocumentType, current: str | None = None
) -> list[tuple[str, str]]:
    """Who the caller may name 业务员 of a ``kind`` document (``domain.trading.salesperson``:
    themself, or, approving that type, an active user whose roles let them write it), and
    the ``current`` one, as (username, "username display name")."""
    permission = str(flow.write_permission(kind))
    r, t = access.role, access.user_account
    granting = {
        row.code
        for row in session.execute(select(r.c.code, r.c.permissions))
        if permission in (row.permissions or ())
    }
    rows = session.execute(
        select(t.c.id, t.c.username, t.c.display_name, t.c.roles)
        .where(t.c.active.is_(True))
        .order_by(t.c.username)
    )
    return [
        (row.username, f"{row.username} {row.display_name}".strip())
        for row in rows
        if row.username == current
        or may_assign(actor, kind, row.id, bool(granting.intersection(row.roles or ())))
    ]


def scope_choices(session: Session, actor: Actor) -> dict[str, list[tuple[int, str, str]]]:
    """What a user's data scope can name, for whoever manages users (user.manage is enough;
    no organisation.read or warehouse.read needed): (id, code, name) of the stores and
    warehouses within the manager's own scope, by code (inactive ones too, so a scope that
    names one is kept when the user is saved)."""
    actor.require(Permission.USER_MANAGE)
    o, w = catalog.organisation, catalog.warehouse
    organisations = [
        (row.id, row.code, row.name)
        for row in session.execute(select(o.c.id, o.c.code, o.c.name).order_by(o.c.code))
        if actor.sees_organisation(row.id)
    ]
    warehouses = [
        (row.id, row.code, row.name)
        for row in session.execute(
            select(w.c.id, w.c.code, w.c.name, w.c.organisation_id).order_by(w.c.code)
        )
        if actor.sees_warehouse(row.id, row.organisation_id)
    ]
    return {"organisation_ids": organisations, "warehouse_ids": warehouses}


def list_roles(session: Session, actor: Actor) -> list[dict[str, Any]]:
    actor.require(Permission.USER_MANAGE)
    t = access.role
    return [
        dict(r)
        for r in session.execute(select(t).order_by(t.c.builtin.desc(), t.c.code)).mappings()
    ]


def list_tokens(session: Session, actor: Actor, all_users: bool) -> list[dict[str, Any]]:
    """The caller's tokens (an administrator may ask for everyone's). Hashes never leave."""
    t, u = access.api_token, access.user_account
    query = (
        select(
            t.c.id,
            t.c.name,
            t.c.kind,
            t.c.permissions,
            t.c.created_at,
            t.c.expires_at,
            t.c.revoked_at,
            t.c.last_used_at,
            u.c.username,
        )
        .join(u, u.c.id == t.c.user_id)
        .where(t.c.kind == "api")
        .order_by(t.c.id)
    )
    if all_users:
        actor.require(Permission.USER_MANAGE)
    else:
        query = query.where(t.c.user_id == actor.user_id)
    return [dict(r) for r in session.execute(query).mappings()]


def list_audit(
    session: Session,
    actor: Actor,
    *,
    entity: str | None,
    entity_id: str | None,
    username: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    actor.require(Permission.AUDIT_READ)
    t = system.audit_log
    query = select(t)
    for column, value in (
        (t.c.entity, entity),
        (t.c.entity_id, entity_id),
        (t.c.username, username),
        (t.c.action, action),
    ):
        if value:
            query = query.where(column == value)
    if since:
        query = query.where(t.c.at >= since)
    if until:
        query = query.where(t.c.at < until)
    query = query.where(*audit_scope(actor))
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(t.c.id.desc()).limit(limit).offset(offset)).mappings()
    return [dict(r) for r in rows], count


def audit_scope(actor: Actor) -> list[Any]:
    """A caller limited to some stores or warehouses (or to 仅本人单据) sees the entries about
    the documents and payments they may read, and their own; the rest of the trail (other
    stores, master data, users, settings) is for callers who see everything."""
    if actor.organisation_ids is None and actor.warehouse_ids is None and not actor.own_documents:
        return []
    t, d, p = system.audit_log, inventory.document, trading.payment
    documents = select(d.c.number).where(*document_scope(actor))
    payments = payments_in_scope(select(p.c.number), actor)
    return [
        or_(
            t.c.user_id == actor.user_id,
            and_(t.c.entity == "document", t.c.entity_id.in_(documents)),
            and_(t.c.entity == "payment", t.c.entity_id.in_(payments)),
        )
    ]
