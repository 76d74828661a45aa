"""SQL the stock reports share: balances from the nearest period snapshot, moves by kind.

A closed month's snapshot holds every stream's running quantity and value at its end, and
nothing can post into a closed month, so the balance at any later day is the snapshot plus
the moves dated from the month's end up to that day. Reports over long histories therefore
read one snapshot and a few months of moves, never the whole ledger.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, case, func, literal, select, union_all

from openjxc.adapters.db.snapshots import month_bounds
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.shared.business_dates import month_of
from openjxc.queries.reports.framework import Context, in_scope
from openjxc.queries.reports.kinds import inbound, kind_of

m, d, ps, pe = (
    inventory.stock_move,
    inventory.document,
    inventory.period_snapshot,
    inventory.period,
)
p, w, c = catalog.product, catalog.warehouse, catalog.category


def nearest_snapshot(context: Context, day: date) -> tuple[str | None, date | None]:
    """The latest closed month that ends on or before ``day``, and the day after its end."""
    month: str | None = context.session.scalar(
        select(func.max(pe.c.month)).where(pe.c.month < month_of(day))
    )
    return (month, month_bounds(month)[1]) if month else (None, None)


def stream_filters(context: Context, table: Any) -> list[ColumnElement[bool]]:
    """Product, warehouse, category and data-scope filters on a table with stream columns."""
    where: list[ColumnElement[bool]] = list(in_scope(table.c.warehouse_id, context))
    if context.get("product_id") is not None:
        where.append(table.c.product_id == context.get("product_id"))
    if context.get("warehouse_id") is not None:
        where.append(table.c.warehouse_id == context.get("warehouse_id"))
    if context.get("category_ids") is not None:
        members = select(p.c.id).where(p.c.category_id.in_(sorted(context.get("category_ids"))))
        where.append(table.c.product_id.in_(members))
    return where


def snapshot_rows(context: Context, month: str, batch: bool = False) -> Select[Any]:
    """A snapshot's stream rows (or batch rows): product, warehouse, batch, qty, value."""
    return select(
        ps.c.product_id,
        ps.c.warehouse_id,
        ps.c.batch_id,
        ps.c.qty.label("qty"),
        func.coalesce(ps.c.value, 0).label("value"),
    ).where(
        ps.c.month == month,
        ps.c.batch_id.is_not(None) if batch else ps.c.batch_id.is_(None),
        *stream_filters(context, ps),
    )


def balances_at(context: Context, day: date, batch: bool = False) -> Subquery:
    """Rows whose sums per stream (or batch) are the balance at the end of ``day``.

    Not grouped: the caller groups by the dimensions it reports.
    """
    month, since = nearest_snapshot(context, date.fromordinal(day.toordinal() + 1))
    moves = select(
        m.c.product_id,
        m.c.warehouse_id,
        m.c.batch_id,
        m.c.qty.label("qty"),
        (m.c.value + m.c.adjustment).label("value"),
    ).where(m.c.date <= day, *stream_filters(context, m))
    if batch:
        moves = moves.where(m.c.batch_id.is_not(None))
    if since is not None:
        moves = moves.where(m.c.date >= since)
    if month is None:
        return moves.subquery()
    return union_all(snapshot_rows(context, month, batch), moves).subquery()


def movement_rows(context: Context, start: date, end: date, snapshot: bool = True) -> Subquery:
    """Rows for a period report: the opening balance at ``start`` (side ``open``) and every
    move from ``start`` to ``end`` inclusive with its side (``in``/``out``) and kind.

    ``snapshot`` False: without the nearest snapshot's rows (the caller adds its value as a
    stored total): only the moves since it, those before ``start`` on side ``open``.
    """
    month, since = nearest_snapshot(context, start)
    moves = (
        select(
            m.c.product_id,
            m.c.warehouse_id,
            m.c.date,
            m.c.qty.label("qty"),
            (m.c.value + m.c.adjustment).label("value"),
            _side(start).label("side"),
            kind_of().label("kind"),
        )
        .join(d, d.c.id == m.c.document_id)
        .where(m.c.date <= end, *stream_filters(context, m))
    )
    if since is not None:
        moves = moves.where(m.c.date >= since)
    if month is None or not snapshot:
        return moves.subquery()
    snap = snapshot_rows(context, month).subquery()
    opening = select(
        snap.c.product_id,
        snap.c.warehouse_id,
        literal(start).label("date"),
        snap.c.qty,
        snap.c.value,
        literal("open").label("side"),
        literal("other").label("kind"),
    )
    return union_all(opening, moves).subquery()


def _side(start: date) -> Any:
    return case(
        (m.c.date < start, literal("open")), (inbound(), literal("in")), else_=literal("out")
    )


def movement_totals(
    context: Context, start: date, end: date, *keys: str, snapshot: bool = True
) -> Subquery:
    """``movement_rows`` summed per ``keys`` (columns of it), side and kind.

    Each move's side and kind are worked out once here; the reports then pivot a few rows
    per key instead of evaluating every CASE of every column on every move.
    """
    rows = movement_rows(context, start, end, snapshot)
    group = [rows.c[k] for k in keys] + [rows.c.side, rows.c.kind]
    return (
        select(*group, func.sum(rows.c.qty).label("qty"), func.sum(rows.c.value).label("value"))
        .group_by(*group)
        .subquery()
    )
