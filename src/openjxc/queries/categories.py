"""Read side for product categories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import by_ref, contains, ids_of, page, search_text


def _select() -> Any:
    t = catalog.category
    parent = aliased(t)
    return select(
        t.c.id,
        t.c.code,
        t.c.name,
        parent.c.code.label("parent"),
        t.c.active,
        t.c.created_at,
        t.c.updated_at,
    ).outerjoin(parent, parent.c.id == t.c.parent_id)


def list_categories(
    session: Session,
    actor: Actor,
    *,
    q: str | None = None,
    active: bool | None = None,
    parent: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Categories by code (so a tree reads in order: 01, 0101, 0102, 02 …)."""
    actor.require(Permission.CATALOG_READ)
    t = catalog.category
    query = _select()
    text = search_text(q)
    if text:
        query = query.where(or_(contains(t.c.code, text), contains(t.c.name, text)))
    if active is not None:
        query = query.where(t.c.active == active)
    if parent is not None:
        query = query.where(t.c.parent_id.in_(ids_of(session, catalog.category, parent)))
    return page(session, query, t.c.code, limit, offset)


def get_category(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    actor.require(Permission.CATALOG_READ)
    condition, preference = by_ref(catalog.category, ref)
    row = session.execute(_select().where(condition).order_by(preference)).mappings().first()
    if row is None:
        raise NotFound("category", ref)
    return dict(row)


def subtree_ids(session: Session, ref: str) -> list[int]:
    """The category ``ref`` and every category below it (a filter on 原料 finds 乳制品 too)."""
    t = catalog.category
    children: dict[int | None, list[int]] = {}
    for id, parent_id in session.execute(select(t.c.id, t.c.parent_id)):
        children.setdefault(parent_id, []).append(id)
    result: list[int] = []
    todo = ids_of(session, t, ref)
    while todo:
        node = todo.pop()
        if node not in result:
            result.append(node)
            todo.extend(children.get(node, []))
    return result
