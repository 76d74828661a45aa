"""The dashboard's data: stock value, turnover days, alert counts, per period."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api.decimals import MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, new_router
from openjxc.queries.reports.dashboard import dashboard

router = new_router(prefix="/dashboard", tags=["dashboard"])


class PeriodFigures(BaseModel):
    from_: date = Field(alias="from")
    to: date
    sales: MoneyOut = Field(description="0 until the trading documents exist")
    gross_margin: MoneyOut = Field(description="0 until the trading documents exist")
    purchases: MoneyOut = Field(description="0 until the trading documents exist")
    receipts: MoneyOut = Field(description="money received; 0 until the trading documents exist")
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


class Alerts(BaseModel):
    below_safety_stock: int
    expiring_batches: int = Field(description="batches in stock expiring within 30 days")
    waiting_approval: int = Field(description="documents waiting for the caller's approval")
    overdue_purchase_orders: int
    overdue_receivables: int


class TrendPoint(BaseModel):
    date: date
    sales: MoneyOut


class Dashboard(BaseModel):
    as_of: date
    trading_available: bool = Field(
        description="false until sales and purchasing exist: their figures are 0"
    )
    periods: Periods
    alerts: Alerts
    sales_trend: list[TrendPoint]


@router.get("", response_model=Dashboard, response_model_by_alias=True)
def get_dashboard(session: ReadSession, actor: CurrentActor) -> Dashboard:
    """Today, yesterday, this month and this year, alert counts and a 30-day sales trend."""
    return Dashboard.model_validate(dashboard(session, actor, clock.today()))
