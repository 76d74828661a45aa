"""Read side for warehouses, limited to the caller's data scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import by_ref, contains, ids_of, page_of, search_text
from openjxc.queries.rows import row_of

Q = TypeVar("Q", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class WarehouseRow:
    id: int
    code: str
    name: str
    organisation: str  # its code
    organisation_name: str
    allow_negative_stock: bool
    address: str
    keeper: str
    active: bool
    transit: bool
    created_at: datetime
    updated_at: datetime


def _select() -> Select[Any]:
    t, o = catalog.warehouse, catalog.organisation
    return select(
        t.c.id,
        t.c.code,
        t.c.name,
        o.c.code.label("organisation"),
        o.c.name.label("organisation_name"),
        t.c.allow_negative_stock,
        t.c.address,
        t.c.keeper,
        t.c.active,
        t.c.transit,
        t.c.created_at,
        t.c.updated_at,
    ).join(o, o.c.id == t.c.organisation_id)


def in_scope(query: Q, actor: Actor) -> Q:
    """Only the warehouses ``actor`` sees (the same rule as ``Actor.sees_warehouse``)."""
    t = catalog.warehouse
    if actor.warehouse_ids is not None:
        return query.where(t.c.id.in_(actor.warehouse_ids))
    if actor.organisation_ids is not None:
        return query.where(t.c.organisation_id.in_(actor.organisation_ids))
    return query


def list_warehouses(
    session: Session,
    actor: Actor,
    *,
    q: str | None = None,
    active: bool | None = None,
    organisation: str | None = None,
    transit: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[WarehouseRow], int]:
    """The warehouses the caller may see, by code (``transit``: only, or none of, the
    in-transit warehouses)."""
    actor.require(Permission.WAREHOUSE_READ)
    t = catalog.warehouse
    query = in_scope(_select(), actor)
    text = search_text(q)
    if text:
        query = query.where(or_(contains(t.c.code, text), contains(t.c.name, text)))
    if active is not None:
        query = query.where(t.c.active == active)
    if transit is not None:
        query = query.where(t.c.transit == transit)
    if organisation is not None:
        ids = ids_of(session, catalog.organisation, organisation)
        query = query.where(t.c.organisation_id.in_(ids))
    return page_of(session, query, t.c.code, limit, offset, WarehouseRow)


def get_warehouse(session: Session, actor: Actor, ref: str) -> WarehouseRow:
    actor.require(Permission.WAREHOUSE_READ)
    condition, preference = by_ref(catalog.warehouse, ref)
    query = in_scope(_select().where(condition), actor).order_by(preference)
    row = session.execute(query).first()
    if row is None:
        raise NotFound("warehouse", ref)
    return row_of(WarehouseRow, row)
