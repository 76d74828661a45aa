"""Period snapshots: the running balance of every stream (and batch) at a month's end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, insert, literal, null, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import inventory, trading
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.business_dates import month_of

m = inventory.stock_move

#: a closed month's ``period_total`` rows, computed from the ledger and the lines; the report
#: queries provide it (``queries.reports.period_totals.month_totals``, wired in bootstrap)
MonthTotals = Callable[[Session, str], list[dict[str, Any]]]


def month_bounds(month: str) -> tuple[date, date]:
    year, number = int(month[:4]), int(month[5:7])
    start = date(year, number, 1)
    end = date(year + (number == 12), 1 if number == 12 else number + 1, 1)
    return start, end


#: documents and payments in these states never posted: they have no totals to store
UNPOSTED = (Status.DRAFT.value, Status.SUBMITTED.value, Status.VOID.value)


def first_dated_month(session: Session) -> str | None:
    """The first month anything posted (a move, a document, a payment) is dated in.

    Drafts and voided papers do not count: one mistyped as 0001-01-01 would otherwise make
    every close store twenty thousand empty months."""
    dates = [session.scalar(select(func.min(m.c.date)))]
    for table in (inventory.document, trading.payment):
        query = select(func.min(table.c.date)).where(table.c.status.not_in(UNPOSTED))
        dates.append(session.scalar(query))
    known = [day for day in dates if day is not None]
    return month_of(min(known)) if known else None


def months_between(first: str, last: str) -> list[str]:
    """``first`` to ``last`` (``YYYY-MM``), both included."""
    months = []
    while first <= last:
        months.append(first)
        first = month_of(month_bounds(first)[1])
    return months


def last_rows(month: str, end: date, batch: bool) -> Any:
    """The last move of each stream (or batch) before ``end``: its running balance."""
    partition = [m.c.product_id, m.c.warehouse_id] + ([m.c.batch_id] if batch else [])
    ranked = (
        select(
            m.c.product_id,
            m.c.warehouse_id,
            m.c.batch_id,
            m.c.qty_after,
            m.c.value_after,
            m.c.batch_qty_after,
            func.row_number()
            .over(partition_by=partition, order_by=(m.c.date.desc(), m.c.id.desc()))
            .label("rank"),
        )
        .where(m.c.date < end, *([m.c.batch_id.is_not(None)] if batch else []))
        .subquery()
    )
    if batch:
        return select(
            literal(month),
            ranked.c.product_id,
            ranked.c.warehouse_id,
            ranked.c.batch_id,
            ranked.c.batch_qty_after,
            null(),
        ).where(ranked.c.rank == 1)
    return select(
        literal(month),
        ranked.c.product_id,
        ranked.c.warehouse_id,
        null(),
        ranked.c.qty_after,
        ranked.c.value_after,
    ).where(ranked.c.rank == 1)


def months_closed_by(session: Session, previous: str | None, month: str) -> list[str]:
    """The months whose totals closing ``month`` stores: those after the ``previous`` closed
    month (none: from the first month anything is dated in) up to ``month``."""
    if previous is not None:
        first: str | None = month_of(month_bounds(previous)[1])
    else:
        first = first_dated_month(session)
    return months_between(first, month) if first is not None else []


def store_month_totals(
    session: Session, month_totals: MonthTotals, closed_month: str, months: list[str]
) -> None:
    """Store ``months``' totals as written by the close of ``closed_month``."""
    rows = [
        {**row, "closed_month": closed_month}
        for covered in months
        for row in month_totals(session, covered)
    ]
    if rows:
        session.execute(insert(inventory.period_total), rows)
