"""Read side for organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.organisation import OrganisationKind
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import by_ref, contains, page_of, search_text
from openjxc.queries.rows import row_of


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    code: str
    name: str
    kind: OrganisationKind
    parent: str | None  # the parent's code
    address: str
    phone: str
    active: bool
    created_at: datetime
    updated_at: datetime


def _select() -> Select[Any]:
    t = catalog.organisation
    parent = aliased(t)
    return select(
        t.c.id,
        t.c.code,
        t.c.name,
        t.c.kind,
        parent.c.code.label("parent"),
        t.c.address,
        t.c.phone,
        t.c.active,
        t.c.created_at,
        t.c.updated_at,
    ).outerjoin(parent, parent.c.id == t.c.parent_id)


def list_organisations(
    session: Session, actor: Actor, q: str | None, active: bool | None, limit: int, offset: int
) -> tuple[list[OrganisationRow], int]:
    """Organisations the caller sees by code; ``q`` in the code, name or phone (a ``%`` typed
    is a percent sign, not a wildcard)."""
    actor.require(Permission.ORGANISATION_READ)
    t = catalog.organisation
    query = _select()
    text = search_text(q)
    if text:
        query = query.where(
            or_(contains(t.c.code, text), contains(t.c.name, text), contains(t.c.phone, text))
        )
    if active is not None:
        query = query.where(t.c.active == active)
    if actor.organisation_ids is not None:
        query = query.where(t.c.id.in_(actor.organisation_ids))
    return page_of(session, query, t.c.code, limit, offset, OrganisationRow)


def get_organisation(session: Session, actor: Actor, ref: str) -> OrganisationRow:
    actor.require(Permission.ORGANISATION_READ)
    condition, preference = by_ref(catalog.organisation, ref)
    row = session.execute(_select().where(condition).order_by(preference)).first()
    if row is None or not actor.sees_organisation(row.id):
        raise NotFound("organisation", ref)
    return row_of(OrganisationRow, row)
