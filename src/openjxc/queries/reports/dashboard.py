"""Dashboard data: today / yesterday / this month / this year, alert counts, a 30-day trend
of sales and margin, and this month's top sellers.

A period that begins with closed months ("this year" once January is closed) reads those
months from their stored totals (``period_totals``, written when a month closes) and only
the rest live: stock figures from one pass over the moves since the earliest live day
(itself started from the nearest snapshot); sales, gross margin and purchases from one
query over the posted trading lines per organisation and day (``dashboard_trade``), which
also gives the 30-day trend and the per-store figures; receipts of money from the approved
收款单. The opening value of a period is its live part's opening less what its stored months
moved. Money the caller may not see (costs without ``price.read``, receivables without
``partner_ledger.read``, the 异常单 count without ``retail.manage``) is ``null``. Sales include
the 零售单/零售退货 (``trade.SALES``), per store too.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.queries import retail
from openjxc.queries.reports import alerts
from openjxc.queries.reports import dashboard_trade as trade
from openjxc.queries.reports import period_totals as totals
from openjxc.queries.reports.framework import Context, Kind, unscale, visible_warehouses
from openjxc.queries.reports.sources import movement_totals, nearest_snapshot

TREND_DAYS = 30
#: sales, purchases and margins are net line amounts, as 销售统计 sums them (tax apart)
AMOUNTS_INCLUDE_TAX = False
TOP_SELLERS = 10
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
    latest = totals.latest_closed(session)
    splits = {name: totals.split(start, end, latest) for name, (start, end) in periods.items()}
    live = {name: (splits[name][1], end) for name, (_, end) in periods.items()}
    rows = totals.stored_rows(session, (m for months, _ in splits.values() for m in months))
    stored = {name: totals.stored_figures(context, rows, splits[name][0]) for name in periods}
    figures = _stock_figures(context, live)
    see_cost = actor.can(Permission.PRICE_READ)
    see_ledger = actor.can(Permission.LEDGER_READ)
    first = min(min(start for start, _ in live.values()), today - timedelta(TREND_DAYS - 1))
    by_day = trade.trade_by_day(context, first, today)
    traded = trade.fold(by_day, trade.money_received(context, first, today), live)
    result: dict[str, Any] = {}
    for name, (start, end) in periods.items():
        stock, kept = figures[name], stored[name][0]
        for key in (*trade.FIGURES, "receipts"):
            traded[name][key] += kept[key]
        for key in totals.STOCK:
            stock[key] += kept[key]
        stock["opening_amount"] += kept["out_amount"] - kept["in_amount"]
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
            "purchases": traded[name]["purchases"] if see_cost else None,
            "receipts": traded[name]["receipts"] if see_ledger else None,
            "inbound_amount": stock["in_amount"] if see_cost else None,
            "outbound_amount": stock["out_amount"] if see_cost else None,
            "consumption_amount": consumed if see_cost else None,
            "stock_value": stock["closing_amount"] if see_cost else None,
            "turnover_days": turnover_days if see_cost else None,
        }
    by_store = {name: stored[name][1] for name in periods}
    stores = trade.stores(context, by_day, live, by_store)
    if not see_cost:
        for store in stores:
            for store_figures in store["periods"].values():
                store_figures["gross_margin"] = None
                store_figures["purchases"] = None
    return {
        "as_of": today,
        "trading_available": True,
        "amounts_include_tax": AMOUNTS_INCLUDE_TAX,
        "periods": result,
        "stores": stores,
        "alerts": _alerts(context, today),
        "sales_trend": trade.trend(by_day, today, TREND_DAYS, see_cost),
        "top_sellers": trade.top_sellers(context, periods["month"][0], today, TOP_SELLERS),
    }


def _stock_figures(
    context: Context, periods: dict[str, tuple[date, date]]
) -> dict[str, dict[str, Decimal]]:
    """Opening, inbound, outbound, consumption and closing value of every period, one query
    over the moves since the nearest closed month, whose stored closing value they start from
    (not its snapshot: a row per stream)."""
    earliest = min(start for start, _ in periods.values())
    latest = max(end for _, end in periods.values())
    month, _ = nearest_snapshot(context, earliest)
    base = totals.stored_closing(context.session, context, month) if month else MONEY_ZERO
    rows = movement_totals(context, earliest, latest, "date", snapshot=False)
    columns = []
    for name, (start, end) in periods.items():
        for key, (condition, value) in totals.flows(rows, start, end).items():
            columns.append(totals.summed(condition, value, f"{name}_{key}"))
    row = context.session.execute(select(*columns)).one()._mapping
    keys = ("opening_amount", "in_amount", "out_amount", "consumption_amount", "closing_amount")
    figures = {
        name: {key: unscale(row[f"{name}_{key}"], Kind.MONEY) for key in keys} for name in periods
    }
    for period in figures.values():
        period["opening_amount"] += base
        period["closing_amount"] += base
    return figures


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
    waiting = trading.pop("waiting")  # the caller's approval inbox: stock and trading
    # 异常单 waiting in the caller's stores: for those who may re-post them (retail.manage)
    exceptions = (
        retail.open_exception_count(session, context.actor)
        if context.actor.can(Permission.RETAIL_MANAGE)
        else None
    )
    return {
        "below_safety_stock": int(session.scalar(select(func.count()).select_from(below)) or 0),
        "expiring_batches": int(session.scalar(select(func.count()).select_from(expiring)) or 0),
        "waiting_approval": waiting,
        "retail_exceptions": exceptions,
        **trading,
    }
