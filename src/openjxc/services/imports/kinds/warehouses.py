"""Importing warehouses (仓库), each in an organisation the caller sees; the rules of
``services.warehouses`` (names, lengths, scope, the in-transit warehouse fixed) hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.warehouses import KIND
from openjxc.domain.imports.outcome import Action
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import DomainError
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, diff
from openjxc.services.unit_of_work import UnitOfWork

FIELDS = ("name", "organisation", "allow_negative_stock", "address", "keeper", "active")


class WarehousesHandler:
    name = KIND.name
    permission = PERMISSIONS["warehouses"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return KIND

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        store, actor = context.uow.imports, context.actor
        stored = {w.code: w for w in store.warehouses()}
        organisations = {o.code: o for o in store.organisations()}
        org_code = {o.id: o.code for o in organisations.values()}
        creates: list[dict[str, Any]] = []
        updates: list[tuple[Warehouse, dict[str, Any], dict[str, Any]]] = []
        for row in rows:
            if not row.outcome.ok:
                continue
            try:
                code = text.code(row.get("code"))
                old = stored.get(code)
                before = _fields(old, org_code) if old else {}
                fields = _wanted(row, before)
            except DomainError as error:
                row.fail(error)
                continue
            organisation = organisations.get(fields["organisation"])
            if _refused(row, code, old, before, fields, organisation, actor):
                continue
            assert organisation is not None
            if old is None:
                row.set(Action.CREATE, {})
                creates.append({"code": code, **fields, "organisation_id": organisation.id})
                continue
            changes = diff(before, fields)
            row.set(Action.UPDATE if changes else Action.UNCHANGED, changes)
            if changes:
                updates.append((old, before, {**fields, "organisation_id": organisation.id}))

        def write() -> None:
            columns = (
                "name",
                "organisation_id",
                "allow_negative_stock",
                "address",
                "keeper",
                "active",
            )
            ids = store.insert(
                "warehouse",
                [{"code": f["code"], **{c: f[c] for c in columns}} for f in creates],
            )
            store.update(
                "warehouse",
                [{"id": old.id, **{c: f[c] for c in columns}} for old, _b, f in updates],
            )
            store.audit(
                actor,
                [
                    ("warehouse.create", "warehouse", id, None, _audited(f))
                    for f, id in zip(creates, ids, strict=True)
                ]
                + [
                    ("warehouse.update", "warehouse", old.id, before, _audited(f))
                    for old, before, f in updates
                ],
            )

        return write


def _refused(
    row: ParsedRow,
    code: str,
    old: Warehouse | None,
    before: dict[str, Any],
    fields: dict[str, Any],
    organisation: Organisation | None,
    actor: Actor,
) -> bool:
    """Record why the row cannot be written, if it cannot: an unknown organisation or one out
    of the caller's scope, a warehouse out of scope, the in-transit warehouse changed."""
    if organisation is None:
        row.outcome.error(
            "organisation", "unknown_reference", field="organisation", value=fields["organisation"]
        )
    elif not actor.sees_organisation(organisation.id):
        row.outcome.error(
            "organisation", "organisation_out_of_scope", organisation=organisation.code
        )
    elif old is not None and not actor.sees_warehouse(old.id or 0, old.organisation_id):
        row.outcome.error("code", "duplicate", field="code", value=code)
    elif (
        old is not None
        and old.transit
        and (
            fields["allow_negative_stock"]
            or not fields["active"]
            or fields["organisation"] != before["organisation"]
        )
    ):
        row.outcome.error("code", "transit_warehouse_fixed", value=code)
    return not row.outcome.ok


def _wanted(row: ParsedRow, before: dict[str, Any]) -> dict[str, Any]:
    """The warehouse as the row wants it, by the rules of ``services.warehouses``."""
    return {
        "name": text.name(row.get("name")),
        "organisation": text.code(row.get("organisation"), "organisation"),
        "allow_negative_stock": _given(row, "allow_negative_stock", before, False),
        "address": text.optional_text(_given(row, "address", before, ""), "address", 200),
        "keeper": text.optional_text(_given(row, "keeper", before, ""), "keeper", 50),
        "active": _given(row, "active", before, True),
    }


def _fields(warehouse: Warehouse, org_code: dict[int | None, str]) -> dict[str, Any]:
    return {
        "name": warehouse.name,
        "organisation": org_code.get(warehouse.organisation_id),
        "allow_negative_stock": warehouse.allow_negative_stock,
        "address": warehouse.address,
        "keeper": warehouse.keeper,
        "active": warehouse.active,
    }


def _given(row: ParsedRow, key: str, before: dict[str, Any], default: object) -> Any:
    """The row's value; a column the file lacks (or an empty cell of a flag) keeps what is."""
    value = row.get(key)
    if value is None:
        if row.has(key) and not isinstance(default, bool):
            return default  # an empty text cell empties the field
        return before.get(key, default)
    return value


def _audited(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k != "organisation_id"}


HANDLER = WarehousesHandler()
