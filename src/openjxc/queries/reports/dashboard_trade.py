"""The dashboard's trading figures: sales, gross margin, purchases, money received, the
30-day sales trend, per store, and the trading alerts.

Sales and purchases are the same posted lines as 销售统计/采购统计 (``trade.trade_lines``:
net amounts, tax-exclusive, returns netted) summed in one query per organisation and day;
the periods, the trend and the stores are folded from those few rows. Alerts reuse the
trading queries (overdue orders, aging, the approval inbox).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, literal, select, union_all

from openjxc.adapters.db.tables import catalog, trading
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import Account
from openjxc.domain.trading.payment import PaymentType
from openjxc.queries import approvals
from openjxc.queries.reports.framework import Context, Kind, run, scaled, unscale
from openjxc.queries.reports.trade import (
    PURCHASES,
    SALES,
    SALES_STATISTICS,
    d,
    documents_where,
    lines_where,
    ln,
    m,
    signed_net,
)
from openjxc.queries.trading import orders, statements

Figures = dict[str, Decimal]
FIGURES = ("sales", "gross_margin", "purchases")


def trade_by_day(context: Context, start: date, end: date) -> dict[tuple[int, date], Figures]:
    """Sales, gross margin and purchases per (organisation, day) from ``start`` to ``end``."""
    return trade_totals(context, start, end, ("organisation_id", "date"))


def trade_totals(
    context: Context, start: date, end: date, keys: tuple[str, ...]
) -> dict[tuple[Any, ...], Figures]:
    """Sales, gross margin and purchases from ``start`` to ``end`` per ``keys`` (columns of
    ``document``): per (organisation, day) for the dashboard, per (organisation, warehouse)
    for a closed month's stored totals (``period_totals``).

    The lines' net amounts and the moves' values are summed side by side (no per-line join):
    margin = net sales + the (negative) value the sales moves took out of stock.
    """
    scoped = Context(
        context.session,
        context.actor,
        {"date_from": start, "date_to": end},
        context.warehouse_ids,
    )
    documents = documents_where(scoped, SALES + PURCHASES)
    selling = d.c.type.in_([t.value for t in SALES])
    lines = (
        select(
            *(d.c[key] for key in keys),
            selling.label("selling"),
            signed_net().label("net"),
            literal(0).label("value"),
        )
        .select_from(ln)
        .join(d, d.c.id == ln.c.document_id)
        .where(*documents, *lines_where(scoped))
    )
    moves = (
        select(
            *(d.c[key] for key in keys),
            literal(True).label("selling"),
            literal(0).label("net"),
            (m.c.value + m.c.adjustment).label("value"),
        )
        .select_from(m)
        .join(d, d.c.id == m.c.document_id)
        .where(*documents, selling)
    )
    rows = union_all(lines, moves).subquery()
    selling_row = rows.c.selling.is_(True)

    def summed(condition: Any, value: Any, label: str) -> Any:
        return scaled(func.sum(case((condition, value), else_=0))).label(label)

    group = [rows.c[key] for key in keys]
    query = select(
        *group,
        summed(selling_row, rows.c.net, "sales"),
        summed(selling_row, rows.c.net + rows.c.value, "gross_margin"),
        summed(~selling_row, rows.c.net, "purchases"),
    ).group_by(*group)
    return {
        tuple(row._mapping[key] for key in keys): {
            k: unscale(row._mapping[k], Kind.MONEY) for k in FIGURES
        }
        for row in context.session.execute(query)
    }


def money_received(context: Context, start: date, end: date) -> dict[date, Decimal]:
    """Approved 收款单 per day; a scoped caller sees its organisations' receipts only."""
    return money_received_by(context, start, end, "date")


def money_received_by(context: Context, start: date, end: date, key: str) -> dict[Any, Decimal]:
    """Approved 收款单 from ``start`` to ``end`` per ``key`` (a column of ``payment``: the
    day for the dashboard, the organisation for a closed month's stored totals)."""
    pay = trading.payment
    query = (
        select(pay.c[key].label("key"), scaled(func.sum(pay.c.amount)).label("amount"))
        .where(
            pay.c.type == PaymentType.CUSTOMER_RECEIPT.value,
            pay.c.status == Status.APPROVED.value,
            pay.c.date >= start,
            pay.c.date <= end,
        )
        .group_by(pay.c[key])
    )
    if context.actor.organisation_ids is not None:
        query = query.where(pay.c.organisation_id.in_(sorted(context.actor.organisation_ids)))
    return {row.key: unscale(row.amount, Kind.MONEY) for row in context.session.execute(query)}


def fold(
    by_day: dict[tuple[int, date], Figures],
    received: dict[date, Decimal],
    periods: dict[str, tuple[date, date]],
) -> dict[str, Figures]:
    """The figures of each period, over every organisation."""
    result = {name: dict.fromkeys((*FIGURES, "receipts"), ZERO) for name in periods}
    for name, (start, end) in periods.items():
        for (_, day), figures in by_day.items():
            if start <= day <= end:
                for key in FIGURES:
                    result[name][key] += figures[key]
        result[name]["receipts"] = sum(
            (amount for day, amount in received.items() if start <= day <= end), ZERO
        )
    return result


def stores(
    context: Context,
    by_day: dict[tuple[int, date], Figures],
    periods: dict[str, tuple[date, date]],
    stored: dict[str, dict[int, Figures]] | None = None,
) -> list[dict[str, Any]]:
    """Per organisation (store) the caller may see: sales, gross margin and purchases.

    ``stored``: per period and organisation, the figures of the period's closed months
    (``period_totals``), added to what ``by_day`` gives over the rest of the period.
    """
    stored = stored or {}
    o = catalog.organisation
    query = select(o.c.id, o.c.code, o.c.name).order_by(o.c.code)
    if context.actor.organisation_ids is not None:
        query = query.where(o.c.id.in_(sorted(context.actor.organisation_ids)))
    result = []
    for org in context.session.execute(query):
        mine = {key: figures for key, figures in by_day.items() if key[0] == org.id}
        kept = {name: stored[name][org.id] for name in stored if org.id in stored[name]}
        if not mine and not kept:
            continue
        folded = fold(mine, {}, periods)
        for name, figures in folded.items():
            figures.pop("receipts")
            for key, amount in kept.get(name, {}).items():
                figures[key] += amount
        result.append({"organisation": org.code, "name": org.name, "periods": folded})
    return result


def trend(
    by_day: dict[tuple[int, date], Figures], today: date, days: int, see_cost: bool
) -> list[dict[str, Any]]:
    """Sales and gross margin (``None`` without ``price.read``) per day for the last ``days``
    days, oldest first, every day present."""
    daily: dict[date, dict[str, Decimal]] = defaultdict(lambda: {"sales": ZERO, "margin": ZERO})
    for (_, day), figures in by_day.items():
        daily[day]["sales"] += figures["sales"]
        daily[day]["margin"] += figures["gross_margin"]
    first = today - timedelta(days=days - 1)
    points = []
    for i in range(days):
        day = first + timedelta(days=i)
        figures = daily[day]
        points.append(
            {
                "date": day,
                "sales": figures["sales"],
                "gross_margin": figures["margin"] if see_cost else None,
            }
        )
    return points


def top_sellers(context: Context, start: date, end: date, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` products with the most net sales from ``start`` to ``end`` (returns
    netted): the 销售统计 report by product, so the two always agree. Margin is ``None``
    without ``price.read``."""
    report = SALES_STATISTICS
    scoped = Context(
        context.session,
        context.actor,
        {"date_from": start, "date_to": end, "by": ("product",)},
        context.warehouse_ids,
    )
    page = run(report, scoped, "-net_amount", limit, 0)
    see_cost = context.actor.can(Permission.PRICE_READ)
    return [
        {
            "product": row["product"],
            "product_name": row["product_name"],
            "base_unit": row["base_unit"],
            "qty": row["qty"],
            "sales": row["net_amount"],
            "gross_margin": row.get("gross_margin") if see_cost else None,
            "margin_rate": row.get("margin_rate") if see_cost else None,
        }
        for row in page.rows
        if row["net_amount"] > ZERO
    ]


def trading_alerts(context: Context, today: date) -> dict[str, Any]:
    """Overdue purchase orders, customers with overdue receivables, trade approvals waiting."""
    session, actor = context.session, context.actor
    _, overdue_orders = orders.overdue_orders(
        session, actor, DocumentType.PURCHASE_ORDER.value, today, limit=1
    )
    customers: int | None = None
    amount: Decimal | None = None
    if actor.can(Permission.LEDGER_READ):
        aging = statements.aging(session, actor, Account.RECEIVABLE.value, today, (30, 60, 90))
        late = [
            sum((v for k, v in p.buckets.items() if k != "not_due"), ZERO) for p in aging.partners
        ]
        customers = sum(1 for value in late if value > ZERO)
        amount = sum(late, ZERO)
    _, waiting = approvals.inbox(session, actor, limit=1)
    return {
        "overdue_purchase_orders": overdue_orders,
        "overdue_receivables": customers,
        "overdue_receivables_amount": amount,
        "waiting": waiting,
    }
