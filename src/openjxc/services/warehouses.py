"""Use cases for warehouses (仓库)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from openjxc.services import lookup
from openjxc.services.audit import changes, merge, snapshot
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class WarehouseData:
    code: str
    name: str
    organisation: int | str
    allow_negative_stock: bool = False
    address: str = ""
    keeper: str = ""
    active: bool = True


def create_warehouse(data: WarehouseData, actor: Actor, uow: UnitOfWork) -> Warehouse:
    """Add a warehouse to an organisation the caller may see."""
    actor.require(Permission.WAREHOUSE_WRITE)
    with uow:
        warehouse = Warehouse(code=text.code(data.code), name="", organisation_id=0)
        if uow.warehouses.by_code(warehouse.code):
            raise Conflict("duplicate", field="code", value=warehouse.code)
        _apply(warehouse, data, actor, uow)
        uow.warehouses.add(warehouse)
        uow.flush()
        uow.audit.record(
            actor, "warehouse.create", "warehouse", warehouse.id, after=snapshot(warehouse)
        )
        uow.commit()
    return warehouse


def update_warehouse(
    ref: int | str, changes_: Mapping[str, Any], actor: Actor, uow: UnitOfWork
) -> Warehouse:
    """Change the fields given; the code stays."""
    actor.require(Permission.WAREHOUSE_WRITE)
    with uow:
        warehouse = get_warehouse(ref, actor, uow)
        uow.warehouses.lock(warehouse)
        before = snapshot(warehouse)
        organisation = uow.organisations.get(warehouse.organisation_id)
        current = WarehouseData(
            warehouse.code,
            warehouse.name,
            organisation.code if organisation else warehouse.organisation_id,
            warehouse.allow_negative_stock,
            warehouse.address,
            warehouse.keeper,
            warehouse.active,
        )
        _apply(warehouse, merge(current, changes_, frozen=("code",)), actor, uow)
        if warehouse.transit and (
            warehouse.allow_negative_stock
            or not warehouse.active
            or warehouse.organisation_id != before["organisation_id"]
        ):
            # in-transit stock must stay whole, owned, and visible
            raise ValidationError("transit_warehouse_fixed", value=warehouse.code)
        old, new = changes(before, snapshot(warehouse))
        if new:
            uow.audit.record(actor, "warehouse.update", "warehouse", warehouse.id, old, new)
        uow.commit()
    return warehouse


def delete_warehouse(ref: int | str, actor: Actor, uow: UnitOfWork) -> None:
    """Delete a warehouse nothing uses; one with history can only be deactivated."""
    actor.require(Permission.WAREHOUSE_WRITE)
    with uow:
        warehouse = get_warehouse(ref, actor, uow)
        if uow.references.is_referenced("warehouse", warehouse.id or 0):
            raise Conflict("in_use", entity="warehouse", key=warehouse.code)
        for setting in uow.stock_settings.list_by(warehouse_id=warehouse.id):
            uow.stock_settings.delete(setting)
        uow.audit.record(
            actor, "warehouse.delete", "warehouse", warehouse.id, before=snapshot(warehouse)
        )
        uow.warehouses.delete(warehouse)
        uow.commit()


def get_warehouse(ref: int | str, actor: Actor, uow: UnitOfWork) -> Warehouse:
    """By code or id; a warehouse outside the caller's data scope is not found."""
    warehouse = lookup.find(uow.warehouses, ref)
    if warehouse is None or not actor.sees_warehouse(warehouse.id or 0, warehouse.organisation_id):
        raise NotFound("warehouse", ref)
    return warehouse


def _apply(warehouse: Warehouse, data: WarehouseData, actor: Actor, uow: UnitOfWork) -> None:
    name = text.name(data.name)
    address = text.optional_text(data.address, "address", 200)
    keeper = text.optional_text(data.keeper, "keeper", 50)
    organisation = lookup.resolve(uow.organisations, data.organisation, "organisation")
    if not actor.sees_organisation(organisation.id):
        raise PermissionDenied("organisation.scope", organisation=organisation.code)
    warehouse.name, warehouse.address, warehouse.keeper = name, address, keeper
    warehouse.organisation_id = organisation.id or 0
    warehouse.allow_negative_stock = bool(data.allow_negative_stock)
    warehouse.active = bool(data.active)


def document_warehouse(uow: UnitOfWork, ref: str | int, field: str, actor: Actor) -> Warehouse:
    """The warehouse a document names (its header, a transfer's destination, a stocktake):
    active, in the caller's scope, and never the in-transit warehouse (在途仓) — goods enter
    and leave transit only through two-step transfers."""
    warehouse: Warehouse = lookup.resolve(uow.warehouses, ref, field)
    if not warehouse.active:
        raise ValidationError("inactive", field=field, value=warehouse.code)
    if warehouse.transit:
        raise ValidationError("transit_warehouse", field=field, value=warehouse.code)
    actor.require_warehouse(warehouse.id or 0, warehouse.organisation_id)
    return warehouse


TRANSIT_CODE = "TRANSIT-{organisation}"
TRANSIT_NAME = "在途仓 {organisation}"


def transit_warehouse(uow: UnitOfWork, warehouse_id: int) -> Warehouse:
    """The in-transit warehouse (在途仓) of ``warehouse_id``'s organisation, created the first
    time a two-step transfer needs it."""
    source = uow.warehouses.get(warehouse_id)
    assert source is not None
    organisation_id = source.organisation_id
    found = uow.warehouses.transit_of(organisation_id)
    if found is not None:
        return found
    organisation = uow.organisations.get(organisation_id)
    assert organisation is not None
    uow.organisations.lock(organisation)  # two first transfers at once create one warehouse
    found = uow.warehouses.transit_of(organisation_id)
    if found is not None:
        return found
    code = TRANSIT_CODE.format(organisation=organisation.code)[:32]
    suffix = 1
    while uow.warehouses.by_code(code) is not None:  # a user already took the code
        suffix += 1
        code = f"{TRANSIT_CODE.format(organisation=organisation.code)[:28]}-{suffix}"
    warehouse = Warehouse(
        code,
        TRANSIT_NAME.format(organisation=organisation.name)[:100],
        organisation_id,
        transit=True,
    )
    uow.warehouses.add(warehouse)
    uow.flush()
    return warehouse
