"""Dashboard data: today / yesterday / this month / this year, alert counts, a 30-day trend.

Stock figures come from one pass over the moves since the earliest period start (itself
started from the nearest snapshot). Sales, margin, purchases and receipts of money belong
to the trading documents, which do not exist yet: they are reported as 0 with
``trading_available: false``, in the structure they will fill.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.status import Status
from openjxc.queries.reports import alerts
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
            "sales": MONEY_ZERO,
            "gross_margin": MONEY_ZERO,
            "purchases": MONEY_ZERO,
            "receipts": MONEY_ZERO,
            "inbound_amount": stock["in_amount"] if see_cost else None,
            "outbound_amount": stock["out_amount"] if see_cost else None,
            "consumption_amount": consumed if see_cost else None,
            "stock_value": stock["closing_amount"] if see_cost else None,
            "turnover_days": turnover_days if see_cost else None,
        }
    return {
        "as_of": today,
        "trading_available": False,
        "periods": result,
        "alerts": _alerts(context),
        "sales_trend": [
            {"date": today - timedelta(days=TREND_DAYS - 1 - i), "sales": MONEY_ZERO}
            for i in range(TREND_DAYS)
        ],
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


def _alerts(context: Context) -> dict[str, int]:
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
    waiting = 0
    if context.actor.can(Permission.STOCK_DOCUMENT_APPROVE):
        d = inventory.document
        query = select(func.count()).where(d.c.status == Status.SUBMITTED.value)
        if context.warehouse_ids is not None:
            query = query.where(d.c.warehouse_id.in_(sorted(context.warehouse_ids)))
        waiting = int(session.scalar(query) or 0)
    return {
        "below_safety_stock": int(session.scalar(select(func.count()).select_from(below)) or 0),
        "expiring_batches": int(session.scalar(select(func.count()).select_from(expiring)) or 0),
        "waiting_approval": waiting,
        "overdue_purchase_orders": 0,
        "overdue_receivables": 0,
    }
