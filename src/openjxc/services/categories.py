"""Use cases for product categories (商品分类)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.category import Category, creates_cycle
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.services import lookup
from openjxc.services.audit import changes, merge, snapshot
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CategoryData:
    code: str
    name: str
    parent: int | str | None = None
    active: bool = True


def create_category(data: CategoryData, actor: Actor, uow: UnitOfWork) -> Category:
    """Add a category, at the top or under a parent."""
    actor.require(Permission.CATALOG_WRITE)
    with uow:
        category = Category(code=text.code(data.code), name="")
        if uow.categories.by_code(category.code):
            raise Conflict("duplicate", field="code", value=category.code)
        _apply(category, data, uow)
        uow.categories.add(category)
        uow.flush()
        uow.audit.record(
            actor, "category.create", "category", category.id, after=snapshot(category)
        )
        uow.commit()
    return category


def update_category(
    ref: int | str, changes_: Mapping[str, Any], actor: Actor, uow: UnitOfWork
) -> Category:
    """Rename, move or (de)activate a category; its code stays."""
    actor.require(Permission.CATALOG_WRITE)
    with uow:
        category = lookup.get(uow.categories, ref, "category")
        uow.categories.lock(category)
        before = snapshot(category)
        parent = uow.categories.get(category.parent_id) if category.parent_id else None
        current = CategoryData(
            category.code, category.name, parent.code if parent else None, category.active
        )
        _apply(category, merge(current, changes_, frozen=("code",)), uow)
        old, new = changes(before, snapshot(category))
        if new:
            uow.audit.record(actor, "category.update", "category", category.id, old, new)
        uow.commit()
    return category


def delete_category(ref: int | str, actor: Actor, uow: UnitOfWork) -> None:
    """Delete a category nothing uses (no product, no subcategory); otherwise deactivate it."""
    actor.require(Permission.CATALOG_WRITE)
    with uow:
        category = lookup.get(uow.categories, ref, "category")
        if uow.references.is_referenced("category", category.id or 0):
            raise Conflict("in_use", entity="category", key=category.code)
        uow.audit.record(
            actor, "category.delete", "category", category.id, before=snapshot(category)
        )
        uow.categories.delete(category)
        uow.commit()


def category_path(category: Category | None, uow: UnitOfWork) -> list[str]:
    """The codes from the root down to ``category`` (empty for no category)."""
    path: list[str] = []
    node = category
    while node is not None and len(path) < 100:  # a stored cycle must not hang a request
        path.append(node.code)
        node = uow.categories.get(node.parent_id) if node.parent_id else None
    return path[::-1]


def _apply(category: Category, data: CategoryData, uow: UnitOfWork) -> None:
    name = text.name(data.name)
    parent_id = None
    if data.parent is not None:
        parent = lookup.resolve(uow.categories, data.parent, "parent")
        if parent is category or creates_cycle(category.id, parent.id or 0, _parent_of(uow)):
            raise ValidationError("cyclic_parent", field="parent", value=str(data.parent))
        parent_id = parent.id
    category.name, category.parent_id, category.active = name, parent_id, bool(data.active)


def _parent_of(uow: UnitOfWork) -> Any:
    def parent_of(id: int) -> int | None:
        found = uow.categories.get(id)
        return found.parent_id if found else None

    return parent_of
