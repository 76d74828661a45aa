"""Read side of imports: the history, newest first, as its caller may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, system
from openjxc.domain.access.actor import Actor
from openjxc.domain.imports.access import importable_kinds
from openjxc.queries._paging import page_of


@dataclass(frozen=True, slots=True)
class ImportRow:
    id: int
    kind: str
    file_name: str
    sha256: str
    status: str
    create_count: int
    update_count: int
    unchanged_count: int
    error_count: int
    warning_count: int
    created_by: str | None
    created_at: datetime
    confirmed_at: datetime | None


def list_imports(
    session: Session,
    actor: Actor,
    *,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ImportRow], int]:
    """Imports newest first: the caller's own, and those of kinds they may import in their
    organisations (``domain.imports.access.sees_import``, in SQL)."""
    t, user = system.import_record, access.user_account
    query = select(
        t.c.id,
        t.c.kind,
        t.c.file_name,
        t.c.sha256,
        t.c.status,
        t.c.create_count,
        t.c.update_count,
        t.c.unchanged_count,
        t.c.error_count,
        t.c.warning_count,
        user.c.username.label("created_by"),
        t.c.created_at,
        t.c.confirmed_at,
    ).outerjoin(user, user.c.id == t.c.created_by)
    query = query.where(_visible(actor, t))
    if kind:
        query = query.where(t.c.kind == kind)
    return page_of(session, query, t.c.id.desc(), limit, offset, ImportRow)


def _visible(actor: Actor, t: Any) -> Any:
    kinds = importable_kinds(actor)
    scope = actor.organisation_ids
    allowed = t.c.kind.in_(kinds)
    if scope is not None:
        in_scope = or_(t.c.organisation_id.is_(None), t.c.organisation_id.in_(sorted(scope)))
        allowed = and_(allowed, in_scope)
    if actor.user_id is None:
        return allowed
    return or_(t.c.created_by == actor.user_id, allowed)
