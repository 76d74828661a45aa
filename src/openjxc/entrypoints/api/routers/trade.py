"""Trading lists and switches: overdue purchase orders, trade settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries.trading import orders as queries
from openjxc.services.trading import price_levels, prices
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
    use_last_price: bool = Field(
        default=True, description="propose the last price sold to the customer (最近售价)"
    )


class TradeSettingsRead(BaseModel):
    prices_include_tax: bool
    over_receipt_tolerance: DecimalOut
    use_last_price: bool


class CustomerPriceIn(Create):
    partner: str = Field(max_length=32)
    product: str = Field(max_length=32)
    price: DecimalIn | None = Field(
        description="per base unit, ex tax unless tax_included; null removes it"
    )
    tax_included: bool = Field(
        default=False, description="the price given is 含税; stored and returned ex tax"
    )


class LevelPriceIn(Create):
    product: str = Field(max_length=32)
    level: int = Field(ge=1, le=10)
    price: DecimalIn | None = Field(
        description="per base unit, ex tax unless tax_included; null removes it"
    )
    tax_included: bool = Field(
        default=False, description="the price given is 含税; stored and returned ex tax"
    )


class PriceLevelRead(BaseModel):
    level: int
    name: str


class PriceLevelList(BaseModel):
    data: list[PriceLevelRead]
    count: int


class PriceLevelIn(Create):
    level: int = Field(ge=1, le=10)
    name: str = Field(max_length=100, description="empty restores the default name")


def _price_levels(names: dict[int, str]) -> PriceLevelList:
    data = [PriceLevelRead(level=level, name=name) for level, name in sorted(names.items())]
    return PriceLevelList(data=data, count=len(data))


class QuoteRead(BaseModel):
    price: DecimalOut | None = Field(description="per base unit, ex tax")
    source: Literal["customer", "last", "level", "list"] | None


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
        use_last_price=found.use_last_price,
    )


@router.put("/trade-settings", response_model=TradeSettingsRead)
@replies.resource("/trade-settings")
def put_trade_settings(
    body: TradeSettingsIO, uow: UowDep, actor: CurrentActor
) -> TradeSettingsRead:
    """Change the trading switches (administrators)."""
    found = service.update_trade_settings(
        body.prices_include_tax, body.over_receipt_tolerance, actor, uow, body.use_last_price
    )
    return TradeSettingsRead(
        prices_include_tax=found.prices_include_tax,
        over_receipt_tolerance=found.over_receipt_tolerance,
        use_last_price=found.use_last_price,
    )


@router.get("/price-levels", response_model=PriceLevelList)
def get_price_levels(uow: UowDep, actor: CurrentActor) -> PriceLevelList:
    """The price levels 1–10 and their names (零售价, 批发价, 会员价 … by default)."""
    return _price_levels(price_levels.get_price_level_names(uow))


@router.put("/price-levels", response_model=PriceLevelList)
@replies.resource("/price-levels")
def put_price_levels(body: list[PriceLevelIn], uow: UowDep, actor: CurrentActor) -> PriceLevelList:
    """Rename the levels listed (administrators); the others keep their names."""
    names = {row.level: row.name for row in body}
    return _price_levels(price_levels.set_price_level_names(names, actor, uow))


@router.put("/prices/customer", status_code=204)
def put_customer_price(body: CustomerPriceIn, uow: UowDep, actor: CurrentActor) -> None:
    """A customer's own price of a product (客户协议价)."""
    prices.set_customer_price(body.partner, body.product, body.price, actor, uow, body.tax_included)


@router.put("/prices/level", status_code=204)
def put_level_price(body: LevelPriceIn, uow: UowDep, actor: CurrentActor) -> None:
    """A product's price for a price level (等级价)."""
    prices.set_level_price(body.product, body.level, body.price, actor, uow, body.tax_included)


@router.get("/prices/quote", response_model=QuoteRead)
def quote(
    uow: UowDep,
    actor: CurrentActor,
    partner: Annotated[str, Query(max_length=32)],
    product: Annotated[str, Query(max_length=32)],
) -> QuoteRead:
    """The price a sale line gets by default: customer > last (switch) > level > list."""
    found = prices.quote_price(partner, product, actor, uow)
    return QuoteRead(price=found[0] if found else None, source=found[1] if found else None)
