"""Stock: balances now or at a date, batches, the ledger, holds."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api.decimals import DecimalOut, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import loans as loan_queries
from openjxc.queries import stock as queries
from openjxc.queries.refs import id_of
from openjxc.services.inventory import holds

router = new_router(prefix="/stock", tags=["stock"])


class BalanceRead(BaseModel):
    product: str
    product_name: str
    base_unit: str
    warehouse: str
    warehouse_name: str
    on_hand: DecimalOut
    reserved: DecimalOut
    on_hold: DecimalOut
    available: DecimalOut
    unit_cost: DecimalOut | None
    value: MoneyOut | None
    on_hand_in_units: str | None = Field(
        default=None, description="on hand as people count it (58袋, 1箱5个); none without units"
    )
    available_in_units: str | None = Field(default=None, description="available, likewise")


class BalanceList(BaseModel):
    data: list[BalanceRead]
    count: int
    as_of: date | None


class BatchRead(BaseModel):
    product: str
    warehouse: str
    batch: str
    production_date: date | None
    expiry_date: date | None
    on_hold: bool
    hold_reason: str
    on_hand: DecimalOut


class BatchList(BaseModel):
    data: list[BatchRead]
    count: int


class MoveRead(BaseModel):
    id: int
    date: date
    document: str
    document_type: str
    product: str
    product_name: str
    warehouse: str
    batch: str | None
    qty: DecimalOut
    unit_cost: DecimalOut | None
    value: MoneyOut | None
    adjustment: MoneyOut | None = Field(
        description="re-costing's change to the value since the move posted (value now less "
        "value then; 0 if never re-costed): see revalued_by"
    )
    revalued_by: str | None = Field(
        description="the document whose posting last re-costed the move (a backdated "
        "posting or a 反审核 before it)"
    )
    settlement: MoneyOut | None = Field(
        description="a receipt into negative stock: the stock value settled on top of its "
        "value (provisional less true cost of the units issued short)"
    )
    qty_after: DecimalOut
    value_after: MoneyOut | None
    reversal: bool


class MoveList(BaseModel):
    data: list[MoveRead]
    count: int


class LoanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    document: str
    date: dt.date
    expected_return_date: dt.date | None
    partner: str | None
    partner_name: str | None
    warehouse: str
    product: str
    product_name: str
    base_unit: str
    lent: DecimalOut
    returned: DecimalOut
    outstanding: DecimalOut
    overdue: bool


class LoanList(BaseModel):
    data: list[LoanRead]
    count: int


class HoldIn(Create):
    product: str = Field(max_length=32)
    batch: str = Field(max_length=64)
    reason: str = Field(default="", max_length=200)


ProductRef = Annotated[str | None, Query(max_length=32)]


@router.get("/balances", response_model=BalanceList)
def balances(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    product: ProductRef = None,
    warehouse: ProductRef = None,
    as_of: date | None = None,
) -> BalanceList:
    """On hand, reserved, on hold, available, unit cost and value per product and warehouse."""
    rows, count = queries.stock_balances(
        session,
        actor,
        product_id=None if product is None else id_of(session, "product", product),
        warehouse_id=None if warehouse is None else id_of(session, "warehouse", warehouse),
        as_of=as_of,
        limit=page.limit,
        offset=page.offset,
    )
    return BalanceList(data=[BalanceRead.model_validate(r) for r in rows], count=count, as_of=as_of)


@router.get("/batches", response_model=BatchList)
def batches(
    session: ReadSession,
    actor: CurrentActor,
    product: ProductRef = None,
    warehouse: ProductRef = None,
) -> BatchList:
    """Stock per batch with expiry and hold, first expiry first."""
    rows = queries.batch_balances(
        session,
        actor,
        product_id=None if product is None else id_of(session, "product", product),
        warehouse_id=None if warehouse is None else id_of(session, "warehouse", warehouse),
    )
    return BatchList(data=[BatchRead.model_validate(r) for r in rows], count=len(rows))


@router.get("/moves", response_model=MoveList)
def moves(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    product: ProductRef = None,
    warehouse: ProductRef = None,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
) -> MoveList:
    """The stock ledger (库存流水) with the running quantity and value of each stream."""
    rows, count = queries.stock_moves(
        session,
        actor,
        product_id=None if product is None else id_of(session, "product", product),
        warehouse_id=None if warehouse is None else id_of(session, "warehouse", warehouse),
        since=since,
        until=until,
        limit=page.limit,
        offset=page.offset,
    )
    return MoveList(data=[MoveRead.model_validate(r) for r in rows], count=count)


@router.get("/loans", response_model=LoanList)
def loans(session: ReadSession, actor: CurrentActor, overdue: bool = False) -> LoanList:
    """Open loans (借出未还): what is still out, with whom, until when."""
    rows = loan_queries.open_loans(session, actor, clock.today(), overdue)
    return LoanList(data=[LoanRead.model_validate(r) for r in rows], count=len(rows))


@router.post("/holds", status_code=204)
def hold(body: HoldIn, uow: UowDep, actor: CurrentActor) -> None:
    """Put a batch on hold (质检/冻结): it is no longer available or picked."""
    holds.set_hold(body.product, body.batch, True, body.reason, actor, uow)


@router.post("/holds/release", status_code=204)
def release(body: HoldIn, uow: UowDep, actor: CurrentActor) -> None:
    """Release a held batch."""
    holds.set_hold(body.product, body.batch, False, body.reason, actor, uow)
