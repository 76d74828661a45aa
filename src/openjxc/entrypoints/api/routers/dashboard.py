"""The dashboard's data: sales, margin, purchases, money received, stock value, turnover
days, alert counts, per period and per store, and a 30-day sales trend."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api.decimals import DecimalOut, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, new_router
from openjxc.queries.reports.dashboard import dashboard

router = new_router(prefix="/dashboard", tags=["dashboard"])


class PeriodFigures(BaseModel):
    from_: date = Field(alias="from")
    to: date
    sales: MoneyOut = Field(
        description="net sales (tax-exclusive), returns netted; retail (零售单) included"
    )
    gross_margin: MoneyOut | None = Field(
        description="net sales − cost of goods sold (null without price.read)"
    )
    purchases: MoneyOut | None = Field(
        description="net purchases (tax-exclusive), returns netted; null without price.read"
    )
    receipts: MoneyOut | None = Field(
        description="money received (收款单); null without partner_ledger.read"
    )
    inbound_amount: MoneyOut | None
    outbound_amount: MoneyOut | None
    consumption_amount: MoneyOut | None = Field(
        description="outbound value that was consumed (not transfers or stocktake variances)"
    )
    stock_value: MoneyOut | None = Field(description="stock value at the period's end")
    turnover_days: MoneyOut | None = Field(description="days of stock at the period's pace")

    model_config = {"populate_by_name": True, "serialize_by_alias": True}


class Periods(BaseModel):
    today: PeriodFigures
    yesterday: PeriodFigures
    month: PeriodFigures
    year: PeriodFigures


class StoreFigures(BaseModel):
    sales: MoneyOut
    gross_margin: MoneyOut | None = Field(description="null without price.read")
    purchases: MoneyOut | None = Field(description="null without price.read")


class StorePeriods(BaseModel):
    today: StoreFigures
    yesterday: StoreFigures
    month: StoreFigures
    year: StoreFigures


class Store(BaseModel):
    organisation: str
    name: str
    periods: StorePeriods


class Alerts(BaseModel):
    below_safety_stock: int
    expiring_batches: int = Field(description="batches in stock expiring within 30 days")
    waiting_approval: int = Field(
        description="stock and trading documents waiting for the caller's approval"
    )
    retail_exceptions: int | None = Field(
        default=None,
        description="零售异常单 waiting in the caller's stores (null without retail.manage)",
    )
    overdue_purchase_orders: int = Field(description="approved orders past their expected date")
    overdue_receivables: int | None = Field(
        description="customers with receivables past due (null without partner_ledger.read)"
    )
    overdue_receivables_amount: MoneyOut | None = Field(description="what those customers owe")


class TrendPoint(BaseModel):
    date: date
    sales: MoneyOut
    gross_margin: MoneyOut | None = Field(description="null without price.read")


class TopSeller(BaseModel):
    product: str
    product_name: str
    base_unit: str
    qty: DecimalOut = Field(description="net quantity sold this month, in the base unit")
    sales: MoneyOut = Field(description="net sales this month (tax-exclusive), returns netted")
    gross_margin: MoneyOut | None = Field(description="null without price.read")
    margin_rate: DecimalOut | None = Field(description="gross margin / sales, in per cent")


class Dashboard(BaseModel):
    as_of: date
    trading_available: bool = Field(description="true: the trading figures are filled")
    amounts_include_tax: bool = Field(
        description="false: sales, purchases and margins are tax-exclusive (不含税)"
    )
    periods: Periods
    stores: list[Store] = Field(description="per organisation (store) the caller may see")
    alerts: Alerts
    sales_trend: list[TrendPoint] = Field(description="the last 30 days, oldest first")
    top_sellers: list[TopSeller] = Field(
        description="this month's 10 best-selling products by net sales (as 销售统计 by product)"
    )


@router.get("", response_model=Dashboard, response_model_by_alias=True)
def get_dashboard(session: ReadSession, actor: CurrentActor) -> Dashboard:
    """Today, yesterday, this month and this year, alert counts and a 30-day sales trend."""
    return Dashboard.model_validate(dashboard(session, actor, clock.today()))
