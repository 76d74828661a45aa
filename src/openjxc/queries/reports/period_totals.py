"""A closed month's totals (``period_total``), stored when it closes, read by the dashboard.

Nothing posts into a closed month, so its totals cannot change: the dashboard reads the
closed months of a period ("this year") from here and only the open remainder live. The
totals are computed by the dashboard's own queries run over the month, as the system (every
warehouse and organisation) at the grain the dashboard filters a caller's scope on:

* ``stock`` per warehouse: inbound, outbound and consumption amounts (``flows`` over
  ``movement_totals``, the kind rules of ``kinds``), and the value at the month's end, from
  which the dashboard starts the live part instead of summing the month's snapshot;
* ``trade`` per organisation and warehouse: sales, gross margin, purchases
  (``dashboard_trade.trade_totals``, the posted lines of 销售统计/采购统计);
* ``receipt`` per organisation: money received (``dashboard_trade.money_received_by``).

Closing a month also stores the months before it that no close covered (a first close, or
after a skipped month): nothing can post into them either, and so every month up to the
latest closed one has its totals. Reopening a month deletes the totals its close stored; ``jxc doctor`` recomputes every
closed month's totals and reports a month whose stored totals differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.snapshots import first_dated_month, month_bounds, months_between
from openjxc.adapters.db.tables import inventory
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.business_dates import month_of
from openjxc.domain.shared.numbers import ZERO
from openjxc.queries.reports import dashboard_trade as trade
from openjxc.queries.reports.framework import Context, Kind, scaled, unscale
from openjxc.queries.reports.kinds import CONSUMING, MoveKind
from openjxc.queries.reports.sources import movement_totals

pt, pe = inventory.period_total, inventory.period
STOCK = ("in_amount", "out_amount", "consumption_amount")  # summed over months
CLOSING = "closing_amount"  # a month's own: never summed over months
TRADE = trade.FIGURES  # sales, gross_margin, purchases
FIGURES = (*STOCK, CLOSING, *TRADE, "receipts")


def flows(rows: Any, start: date, end: date) -> dict[str, tuple[Any, Any]]:
    """(condition, value) to sum over ``movement_totals`` rows (grouped by ``date``) for the
    opening, inbound, outbound, consumption and closing value of ``start``..``end``.

    Consumption is outbound of the consuming kinds, less the sales returns that came back.
    """
    value, day, side = rows.c.value, rows.c.date, rows.c.side
    consuming = rows.c.kind.in_([k.value for k in CONSUMING])
    returned = rows.c.kind == MoveKind.SALES.value  # inbound sales: returns net out
    before = (side == "open") | (day < start)
    within = and_(side != "open", day >= start, day <= end)
    return {
        "opening_amount": (before, value),
        "in_amount": (within & (side == "in"), value),
        "out_amount": (within & (side == "out"), -value),
        "consumption_amount": (
            within & (((side == "out") & consuming) | ((side == "in") & returned)),
            -value,
        ),
        "closing_amount": (before | within, value),
    }


def summed(condition: Any, column: Any, label: str) -> Any:
    return scaled(func.coalesce(func.sum(case((condition, column), else_=literal(0))), 0)).label(
        label
    )


def month_totals(session: Session, month: str) -> list[dict[str, Any]]:
    """The ``period_total`` rows of ``month``, recomputed from the ledger and the lines."""
    start, following = month_bounds(month)
    end = following - timedelta(days=1)
    context = Context(session, Actor.system(), {}, None)
    rows = movement_totals(context, start, end, "warehouse_id", "date")
    sums = flows(rows, start, end)
    stock = (*STOCK, CLOSING)
    query = select(rows.c.warehouse_id, *(summed(*sums[key], key) for key in stock)).group_by(
        rows.c.warehouse_id
    )
    result: list[dict[str, Any]] = []
    for row in session.execute(query):
        figures = {key: unscale(row._mapping[key], Kind.MONEY) for key in stock}
        if any(figures.values()):
            result.append(_row(month, "stock", row.warehouse_id, None, figures))
    keys = ("organisation_id", "warehouse_id")
    for (organisation, warehouse), figures in trade.trade_totals(context, start, end, keys).items():
        result.append(_row(month, "trade", warehouse, organisation, figures))
    received = trade.money_received_by(context, start, end, "organisation_id")
    for organisation, amount in received.items():
        result.append(_row(month, "receipt", None, organisation, {"receipts": amount}))
    return sorted(result, key=row_key)


def _row(
    month: str,
    source: str,
    warehouse_id: int | None,
    organisation_id: int | None,
    figures: Mapping[str, Decimal],
) -> dict[str, Any]:
    return {
        "month": month,
        "source": source,
        "warehouse_id": warehouse_id,
        "organisation_id": organisation_id,
        **{key: figures.get(key, ZERO) for key in FIGURES},
    }


def row_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row["month"], row["source"], row["warehouse_id"] or 0, row["organisation_id"] or 0)


def stored_rows(session: Session, months: Iterable[str]) -> list[dict[str, Any]]:
    """The stored ``period_total`` rows of ``months`` (as ``month_totals`` gives them)."""
    wanted = sorted(set(months))
    if not wanted:
        return []
    columns = ["month", "source", "warehouse_id", "organisation_id", *FIGURES]
    query = select(*(pt.c[c] for c in columns)).where(pt.c.month.in_(wanted))
    return sorted((dict(row._mapping) for row in session.execute(query)), key=row_key)


def latest_closed(session: Session) -> str | None:
    """The latest closed month: every month up to it has its stored totals."""
    month: str | None = session.scalar(select(func.max(pe.c.month)))
    return month


def split(start: date, end: date, latest: str | None) -> tuple[tuple[str, ...], date]:
    """The whole months up to the latest closed one that a period ``start``..``end`` begins
    with (read from the stored totals), and the first day of the rest (read live)."""
    months: list[str] = []
    day = start
    while latest is not None and day.day == 1 and month_of(day) <= latest:
        following = month_bounds(month_of(day))[1]
        if following - timedelta(days=1) > end:
            break
        months.append(month_of(day))
        day = following
    return tuple(months), day


Stored = dict[str, Decimal]


def stored_figures(
    context: Context, rows: list[dict[str, Any]], months: tuple[str, ...]
) -> tuple[Stored, dict[int, Stored]]:
    """The stored totals of ``months`` the caller may see, overall and per organisation
    (the trade figures of the stores), filtered as the live queries filter them: stock and
    trade by warehouse scope, trade and receipts by the caller's organisations."""
    warehouses, organisations = context.warehouse_ids, context.actor.organisation_ids
    total: Stored = dict.fromkeys(FIGURES, ZERO)
    by_organisation: dict[int, Stored] = defaultdict(lambda: dict.fromkeys(TRADE, ZERO))
    wanted = set(months)
    for row in rows:
        if row["month"] not in wanted:
            continue
        warehouse_seen = warehouses is None or row["warehouse_id"] in warehouses
        organisation_seen = organisations is None or row["organisation_id"] in organisations
        source = row["source"]
        if source == "stock" and warehouse_seen:
            keys: tuple[str, ...] = STOCK
        elif source == "trade" and warehouse_seen and organisation_seen:
            keys = TRADE
            store = by_organisation[row["organisation_id"]]
            for key in TRADE:
                store[key] += row[key]
        elif source == "receipt" and organisation_seen:
            keys = ("receipts",)
        else:
            continue
        for key in keys:
            total[key] += row[key]
    return total, dict(by_organisation)


def stored_closing(session: Session, context: Context, month: str) -> Decimal:
    """The value of the warehouses the caller sees at the end of the closed ``month``."""
    query = select(func.coalesce(func.sum(pt.c.closing_amount), 0)).where(
        pt.c.month == month, pt.c.source == "stock"
    )
    if context.warehouse_ids is not None:
        query = query.where(pt.c.warehouse_id.in_(sorted(context.warehouse_ids)))
    return money_of(session.scalar(query))  # the column's type unscales the sum


def mismatched_months(session: Session) -> list[str]:
    """The months whose stored totals differ from a recomputation (``jxc doctor``): every
    month up to the latest closed one, and any month after it that has stored rows."""
    latest = latest_closed(session)
    stored = set(session.scalars(select(pt.c.month).distinct()))
    first = first_dated_month(session)
    months = set(stored)
    if latest is not None and first is not None:
        months.update(months_between(first, latest))
    problems = []
    for month in sorted(months):
        expected = month_totals(session, month) if latest and month <= latest else []
        if stored_rows(session, [month]) != expected:
            problems.append(month)
    return problems
