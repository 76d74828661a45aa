"""Warehouses (仓库): each belongs to an organisation; listing follows the data scope."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create, Patch
from openjxc.queries import warehouses as queries
from openjxc.services import warehouses as service

router = new_router(prefix="/warehouses", tags=["warehouses"])


class WarehouseCreate(Create):
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    organisation: str = Field(max_length=32, description="code or id")
    allow_negative_stock: bool = False
    address: str = Field(default="", max_length=200)
    keeper: str = Field(default="", max_length=50, description="仓管员")
    active: bool = True


class WarehouseUpdate(Patch):
    name: str | None = Field(default=None, max_length=100)
    organisation: str | None = Field(default=None, max_length=32)
    allow_negative_stock: bool | None = None
    address: str | None = Field(default=None, max_length=200)
    keeper: str | None = Field(default=None, max_length=50)
    active: bool | None = None


class WarehouseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    id: int
    code: str
    name: str
    organisation: str
    organisation_name: str
    allow_negative_stock: bool
    address: str
    keeper: str
    active: bool
    transit: bool = Field(description="the organisation's in-transit warehouse (在途仓)")
    created_at: datetime
    updated_at: datetime


class WarehouseList(BaseModel):
    data: list[WarehouseRead]
    count: int


@router.get("", response_model=WarehouseList)
def list_warehouses(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    active: bool | None = None,
    organisation: Annotated[str | None, Query(max_length=32, description="code or id")] = None,
    transit: Annotated[
        bool | None, Query(description="false: without the in-transit warehouses (在途仓)")
    ] = None,
) -> WarehouseList:
    """Warehouses the caller may see, by code."""
    rows, count = queries.list_warehouses(
        session,
        actor,
        q=q,
        active=active,
        organisation=organisation,
        transit=transit,
        limit=page.limit,
        offset=page.offset,
    )
    return WarehouseList(data=[WarehouseRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=WarehouseRead, status_code=201)
@replies.created(Warehouse, "/warehouses/{new.code}")
def create_warehouse(
    body: WarehouseCreate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> WarehouseRead:
    """Add a warehouse to an organisation."""
    warehouse = service.create_warehouse(service.WarehouseData(**body.model_dump()), actor, uow)
    return WarehouseRead.model_validate(queries.get_warehouse(session, actor, warehouse.code))


@router.get("/{ref}", response_model=WarehouseRead)
def get_warehouse(ref: str, session: ReadSession, actor: CurrentActor) -> WarehouseRead:
    """One warehouse by code or id (404 outside the caller's data scope)."""
    return WarehouseRead.model_validate(queries.get_warehouse(session, actor, ref))


@router.patch("/{ref}", response_model=WarehouseRead)
@replies.resource("/warehouses/{ref}")
def update_warehouse(
    ref: str, body: WarehouseUpdate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> WarehouseRead:
    """Change the fields given; the code stays."""
    warehouse = service.update_warehouse(ref, body.model_dump(exclude_unset=True), actor, uow)
    return WarehouseRead.model_validate(queries.get_warehouse(session, actor, warehouse.code))


@router.delete("/{ref}", status_code=204)
def delete_warehouse(ref: str, uow: UowDep, actor: CurrentActor) -> None:
    """Delete an unused warehouse; one in use gets 409 `in_use` (deactivate it instead)."""
    service.delete_warehouse(ref, actor, uow)
