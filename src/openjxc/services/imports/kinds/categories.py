"""Importing categories (商品分类): a tree, each row naming its parent by code, maybe a row
of the same file; the whole tree (stored and imported) is checked for cycles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openjxc.domain.catalog.category import Category
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.categories import KIND
from openjxc.domain.imports.outcome import Action
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import DomainError
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, diff
from openjxc.services.unit_of_work import UnitOfWork


class CategoriesHandler:
    name = KIND.name
    permission = PERMISSIONS["categories"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return KIND

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        store = context.uow.imports
        stored = {c.code: c for c in store.categories()}
        code_of = {c.id: c.code for c in stored.values()}
        wanted = _wanted(rows, stored, code_of)
        parents = {code: code_of.get(c.parent_id) for code, c in stored.items() if c.parent_id}
        parents.update({code: fields["parent"] for code, (_row, fields) in wanted.items()})
        for code, (row, fields) in wanted.items():
            parent = fields["parent"]
            if parent is not None and parent not in stored and parent not in wanted:
                row.outcome.error("parent", "unknown_reference", field="parent", value=parent)
            elif _cyclic(code, parents):
                row.outcome.error("parent", "cyclic_parent", field="parent", value=parent)
        creates: list[tuple[str, dict[str, Any]]] = []
        updates: list[tuple[Category, dict[str, Any], dict[str, Any]]] = []
        for code, (row, fields) in wanted.items():
            old = stored.get(code)
            if not row.outcome.ok:
                continue
            if old is None:
                row.set(Action.CREATE, {})
                creates.append((code, fields))
                continue
            before = {"name": old.name, "parent": code_of.get(old.parent_id), "active": old.active}
            changes = diff(before, fields)
            row.set(Action.UPDATE if changes else Action.UNCHANGED, changes)
            if changes:
                updates.append((old, before, fields))
        return lambda: _write(creates, updates, stored, context)


def _wanted(
    rows: Sequence[ParsedRow], stored: dict[str, Category], code_of: dict[int | None, str]
) -> dict[str, tuple[ParsedRow, dict[str, Any]]]:
    """Each good row's category as the file wants it (a column it lacks keeps what is)."""
    wanted: dict[str, tuple[ParsedRow, dict[str, Any]]] = {}
    for row in rows:
        if not row.outcome.ok:
            continue
        try:
            code = text.code(row.get("code"))
            fields: dict[str, Any] = {"name": text.name(row.get("name"))}
            old = stored.get(code)
            if row.has("parent"):
                parent = row.get("parent")
                fields["parent"] = text.code(parent, "parent") if parent else None
            else:
                fields["parent"] = code_of.get(old.parent_id) if old else None
        except DomainError as error:
            row.fail(error)
            continue
        active = row.get("active")
        fields["active"] = (old.active if old else True) if active is None else active
        wanted[code] = (row, fields)
    return wanted


def _write(
    creates: list[tuple[str, dict[str, Any]]],
    updates: list[tuple[Category, dict[str, Any], dict[str, Any]]],
    stored: dict[str, Category],
    context: PlanContext,
) -> None:
    """New categories first (no parent yet), then every parent by the ids now known."""
    store = context.uow.imports
    new_ids = store.insert(
        "category",
        [
            {"code": c, "name": f["name"], "parent_id": None, "active": f["active"]}
            for c, f in creates
        ],
    )
    ids = {code: c.id for code, c in stored.items()}
    ids.update({code: id for (code, _f), id in zip(creates, new_ids, strict=True)})
    rows = [_row(ids[code], f, ids) for code, f in creates if f["parent"] is not None]
    rows += [_row(old.id, fields, ids) for old, _before, fields in updates]
    store.update("category", rows)
    store.audit(
        context.actor,
        [("category.create", "category", ids[c], None, {"code": c, **f}) for c, f in creates]
        + [
            ("category.update", "category", old.id, before, fields)
            for old, before, fields in updates
        ],
    )


def _row(id: int | None, fields: dict[str, Any], ids: dict[str, int | None]) -> dict[str, Any]:
    parent = fields["parent"]
    return {
        "id": id,
        "name": fields["name"],
        "parent_id": None if parent is None else ids[parent],
        "active": fields["active"],
    }


def _cyclic(code: str, parents: dict[str, str | None]) -> bool:
    seen = {code}
    current = parents.get(code)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


HANDLER = CategoriesHandler()
