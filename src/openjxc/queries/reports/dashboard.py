"""Dashboard data: today / yesterday / this month / this year, alert counts, a 30-day trend.

Stock figures come from one pass over the moves since the earliest period start (itself
started from the nearest snapshot). Sales, gross margin and purchases come from one query
over the posted trading lines per organisation and day (``dashboard_trade``), which also
gives the 30-day trend and the per-store figures; receipts of money from the approved
收款单. Money the caller may not see (costs without ``price.read``, receivables without
``partner_ledger.read``) is ``null``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.queries.reports import alerts
from openjxc.queries.reports import dashboard_trade as trade
from openjxc.queries.reports.framework import Context, Kind, scaled, unscale, visible_warehouses
from openjxc.queries.reports.kinds import CONSUMING, MoveKind
from openjxc.queries.reports.sources import movement_totals

TREND_DAYS = 30
MONEY_ZERO = Decimal("0.00")


def periods_of(today: date) -> dict[str, tuple[date, date]]:
    yesterday = today - timedelta(days=1)
    return {
        "today": (today, today),
        "yesterday": (yesterday, yesterday),
        "month": (today.replace(day=1), today),
        "year": (today.replace(month=1, day=1), today),
    }


def dashboard(session: Session, actor: Actor, today: date) -> dict[str, Any]:
    """Everything the dashboard shows, for the caller's data scope."""
    actor.require(Permission.REPORT_READ, Permission.STOCK_READ)
    context = Context(session, actor, {"today": today}, visible_warehouses(session, actor))
    periods = periods_of(today)
    figures = _stock_figures(context, periods)
    see_cost = actor.can(Permission.PRICE_READ)
    see_ledger = actor.can(Permission.LEDGER_READ)
    first = min(min(start for start, _ in periods.values()), today - timedelta(TREND_DAYS - 1))
    by_day = trade.trade_by_day(context, first, today)
    traded = trade.fold(by_day, trade.money_received(context, first, today), periods)
    result: dict[str, Any] = {}
    for name, (start, end) in periods.items():
        stock = figures[name]
        days = (end - start).days + 1
        average = (stock["opening_amount"] + stock["closing_amount"]) / 2
        consumed = stock["consumption_amount"]
        turnover_days = (
            (average * days / consumed).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if consumed > 0
            else None
        )
        result[name] = {
            "from": start,
            "to": end,
            "sales": traded[name]["sales"],
            "gross_margin": traded[name]["gross_margin"] if see_cost else None,
            "purchases": traded[name]["purchases"],
            "receipts": traded[name]["receipts"] if see_ledger else None,
            "inbound_amount": stock["in_amount"] if see_cost else None,
            "outbound_amount": stock["out_amount"] if see_cost else None,
            "consumption_amount": consumed if see_cost else None,
            "stock_value": stock["closing_amount"] if see_cost else None,
            "turnover_days": turnover_days if see_cost else None,
        }
    stores = trade.stores(context, by_day, periods)
    if not see_cost:
        for store in stores:
            for store_figures in store["periods"].values():
                store_figures["gross_margin"] = None
    return {
        "as_of": today,
        "trading_available": True,
        "periods": result,
        "stores": stores,
        "alerts": _alerts(context, today),
        "sales_trend": trade.trend(by_day, today, TREND_DAYS),
    }


def _stock_figures(
    context: Context, periods: dict[str, tuple[date, date]]
) -> dict[str, dict[str, Decimal]]:
    """Opening, inbound, outbound, consumption and closing value of every period, one query."""
    earliest = min(start for start, _ in periods.values())
    latest = max(end for _, end in periods.values())
    rows = movement_totals(context, earliest, latest, "date")
    value, day, side = rows.c.value, rows.c.date, rows.c.side
    consuming = rows.c.kind.in_([k.value for k in CONSUMING])
    returned = rows.c.kind == MoveKind.SALES.value  # inbound sales: returns net out
    columns = []
    for name, (start, end) in periods.items():
        before = (side == "open") | (day < start)
        within = and_(side != "open", day >= start, day <= end)
        columns += [
            _sum(before, value, f"{name}_opening_amount"),
            _sum(within & (side == "in"), value, f"{name}_in_amount"),
            _sum(within & (side == "out"), -value, f"{name}_out_amount"),
            _sum(
                within & (((side == "out") & consuming) | ((side == "in") & returned)),
                -value,
                f"{name}_consumption_amount",
            ),
            _sum(before | within, value, f"{name}_closing_amount"),
        ]
    row = context.session.execute(select(*columns)).one()._mapping
    keys = ("opening_amount", "in_amount", "out_amount", "consumption_amount", "closing_amount")
    return {
        name: {key: unscale(row[f"{name}_{key}"], Kind.MONEY) for key in keys} for name in periods
    }


def _sum(condition: Any, column: Any, label: str) -> Any:
    return scaled(func.coalesce(func.sum(case((condition, column), else_=literal(0))), 0)).label(
        label
    )


def _alerts(context: Context, today: date) -> dict[str, Any]:
    session = context.session
    below = alerts.alert_query(
        Context(session, context.actor, {"level": "below_safety"}, context.warehouse_ids)
    ).subquery()
    expiring = alerts.expiring_query(
        Context(
            session,
            context.actor,
            {"today": context.get("today"), "days": alerts.EXPIRY_DAYS},
            context.warehouse_ids,
        )
    ).subquery()
    trading = trade.trading_alerts(context, today)
    waiting = trade.stock_documents_waiting(context) + trading.pop("trade_waiting")
    return {
        "below_safety_stock": int(session.scalar(select(func.count()).select_from(below)) or 0),
        "expiring_batches": int(session.scalar(select(func.count()).select_from(expiring)) or 0),
        "waiting_approval": waiting,
        **trading,
    }
