"""Trading lists and switches: overdue purchase orders, trade settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries.trading import orders as queries
from openjxc.services.trading import settings as service

router = new_router(tags=["trading"])


class OverdueRead(BaseModel):
    number: str
    date: dt.date
    expected_date: dt.date
    partner: str
    ordered: DecimalOut
    done: DecimalOut
    open_qty: DecimalOut


class OverdueList(BaseModel):
    data: list[OverdueRead]
    count: int


class TradeSettingsIO(Create):
    prices_include_tax: bool = Field(description="prices are entered tax-inclusive (含税价)")
    over_receipt_tolerance: DecimalIn = Field(description="0.05: receive up to 5% over the order")


class TradeSettingsRead(BaseModel):
    prices_include_tax: bool
    over_receipt_tolerance: DecimalOut


@router.get("/purchase-orders/overdue", response_model=OverdueList)
def overdue_purchase_orders(
    session: ReadSession, actor: CurrentActor, page: PageDep, as_of: dt.date | None = None
) -> OverdueList:
    """Purchase orders past their expected date with quantity still to receive."""
    rows, count = queries.overdue_orders(
        session, actor, "purchase_order", as_of or clock.today(), page.limit, page.offset
    )
    return OverdueList(data=[OverdueRead.model_validate(r) for r in rows], count=count)


@router.get("/trade-settings", response_model=TradeSettingsRead)
def get_trade_settings(uow: UowDep, actor: CurrentActor) -> TradeSettingsRead:
    """The trading switches."""
    found = service.get_trade_settings(uow)
    return TradeSettingsRead(
        prices_include_tax=found.prices_include_tax,
        over_receipt_tolerance=Decimal(found.over_receipt_tolerance),
    )


@router.put("/trade-settings", response_model=TradeSettingsRead)
def put_trade_settings(
    body: TradeSettingsIO, uow: UowDep, actor: CurrentActor
) -> TradeSettingsRead:
    """Change the trading switches (administrators)."""
    found = service.update_trade_settings(
        body.prices_include_tax, body.over_receipt_tolerance, actor, uow
    )
    return TradeSettingsRead(
        prices_include_tax=found.prices_include_tax,
        over_receipt_tolerance=found.over_receipt_tolerance,
    )
