"""Stock settings per product × warehouse: 最低库存 (safety stock), reorder point, maximum,
战略储备 (strategic reserve)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.shared.errors import NotFound
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut
from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import stock_settings as queries
from openjxc.services import stock_settings as service

router = new_router(prefix="/products", tags=["products"])


class StockSettingWrite(Create):
    warehouse: str = Field(max_length=32, description="code or id")
    safety_stock: DecimalIn | None = Field(default=None, description="base unit; 最低库存")
    reorder_point: DecimalIn | None = None
    max_stock: DecimalIn | None = None
    strategic_reserve: DecimalIn | None = Field(
        default=None,
        description="base unit; 战略储备: kept back from every sales order but strategic "
        "customers' (null: none)",
    )


class StockSettingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    warehouse_id: int
    warehouse: str
    warehouse_name: str
    safety_stock: DecimalOut | None
    reorder_point: DecimalOut | None
    max_stock: DecimalOut | None
    strategic_reserve: DecimalOut | None = None
    updated_at: datetime | None


class StockSettingList(BaseModel):
    data: list[StockSettingRead]
    count: int


@router.get("/{ref}/stock-settings", response_model=StockSettingList)
def list_stock_settings(ref: str, session: ReadSession, actor: CurrentActor) -> StockSettingList:
    """The product's levels in each warehouse the caller sees (null = not set)."""
    rows = queries.list_stock_settings(session, actor, ref)
    return StockSettingList(
        data=[StockSettingRead.model_validate(r) for r in rows], count=len(rows)
    )


@router.put("/{ref}/stock-settings", response_model=StockSettingRead)
@replies.not_rendered("one warehouse's levels have no read route of their own")
def set_stock_setting(
    ref: str, body: StockSettingWrite, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> StockSettingRead:
    """Set one warehouse's levels and strategic reserve; all null clears them."""
    service.set_stock_setting(
        ref,
        body.warehouse,
        body.safety_stock,
        body.reorder_point,
        body.max_stock,
        actor,
        uow,
        strategic_reserve=body.strategic_reserve,
    )
    for row in queries.list_stock_settings(session, actor, ref):
        if body.warehouse in (row.warehouse, str(row.warehouse_id)):
            return StockSettingRead.model_validate(row)
    raise NotFound("warehouse", body.warehouse)
