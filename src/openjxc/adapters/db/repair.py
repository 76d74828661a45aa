"""`jxc doctor --repair` (``services.maintenance.repair_books``): what is derived from the
ledger, derived again — the moves' valuation columns, then the caches and the closed months'
totals. The ledger's facts are never touched."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.ledger import SqlLedger, replay_fifo
from openjxc.adapters.db.revaluation import differences
from openjxc.adapters.db.snapshots import MonthTotals, months_closed_by, store_month_totals
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import Scaled
from openjxc.domain.inventory.stream import ValuedMove
from openjxc.domain.inventory.valuation import ValuationMethod
from openjxc.domain.shared.numbers import MONEY_SCALE, ZERO
from openjxc.services.inventory.ledger import StreamKey

m, sb, bb, fl = (
    inventory.stock_move,
    inventory.stock_balance,
    inventory.batch_balance,
    inventory.fifo_layer,
)


#: a transfer chain longer than this many re-valuing rounds means something loops
_MAX_ROUNDS = 1000


class SqlBooks:
    def __init__(self, session: Session, month_totals: MonthTotals):
        self.session = session
        self.month_totals = month_totals

    def lock(self) -> None:
        if self.session.get_bind().dialect.name == "postgresql":
            # the order postings lock in, so a posting waits instead of deadlocking
            self.session.execute(
                select(sb.c.product_id)
                .order_by(sb.c.product_id, sb.c.warehouse_id)
                .with_for_update()
            ).all()
        # on SQLite the unit of work holds the write lock (BEGIN IMMEDIATE) already

    def revalue_moves(self) -> list[tuple[int, Decimal, Decimal]]:
        return revalue_moves(self.session)

    def rebuild_caches(self) -> dict[str, int]:
        return rebuild_caches(self.session)

    def rebuild_period_totals(self) -> int:
        return rebuild_period_totals(self.session, self.month_totals)


def revalue_moves(session: Session) -> list[tuple[int, Decimal, Decimal]]:
    """Rewrite the valuation of every move that differs from its re-derived one.

    Streams are re-derived with each transfer leg valued from its issue *as stored*, so a
    re-valued issue leaves its receiving leg to a next round, over just the streams holding
    such legs; pairs point forward in time, so the rounds end.
    """
    ledger = SqlLedger(session)
    before: dict[int, tuple[Decimal | None, ...]] = {}  # as stored before the repair
    after: dict[int, ValuedMove] = {}
    keys: set[StreamKey] | None = None
    for _ in range(_MAX_ROUNDS):
        found = list(differences(session, keys))  # read all before writing any
        issues: list[int] = []
        for key, moves in found:
            ledger.revalue(key, [move.derived for move in moves], {})
            for move in moves:
                before.setdefault(move.move_id, move.stored)
                after[move.move_id] = move.derived
                if move.stored[0] != move.derived.value:
                    issues.append(move.move_id)
        keys = _streams_paired_with(session, issues)
        if not keys:
            # a receiving leg re-derived from its issue's old value, then from the new one,
            # may end as it began: only what changed counts
            return [
                (move_id, stored[0] or ZERO, after[move_id].value)  # value is NOT NULL
                for move_id, stored in sorted(before.items())
                if stored != after[move_id][1:8]
            ]
    raise RuntimeError("re-valuing the moves did not settle")


def _streams_paired_with(session: Session, move_ids: Sequence[int]) -> set[StreamKey]:
    """The streams of the moves valued from these (transfer legs pointing at them)."""
    found: set[StreamKey] = set()
    for start in range(0, len(move_ids), 5000):
        chunk = move_ids[start : start + 5000]
        rows = session.execute(
            select(m.c.product_id, m.c.warehouse_id).where(m.c.pair_move_id.in_(chunk)).distinct()
        )
        found |= {StreamKey(r.product_id, r.warehouse_id) for r in rows}
    return found


def _balances(session: Session) -> dict[tuple[int, int], tuple[Any, ...]]:
    rows = session.execute(
        select(sb.c.product_id, sb.c.warehouse_id, sb.c.on_hand, sb.c.value, sb.c.last_unit_cost)
    )
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def rebuild_caches(session: Session) -> dict[str, int]:
    """Balances, batch balances and FIFO layers, recomputed from the moves: rows written,
    and how many balances that changed."""
    before = _balances(session)
    ranked = select(
        m.c.product_id,
        m.c.warehouse_id,
        m.c.date,
        m.c.id,
        m.c.cost_after,
        func.sum(m.c.qty).over(partition_by=(m.c.product_id, m.c.warehouse_id)).label("qty"),
        # value + adjustment is typed as the raw stored integer: scaled back explicitly
        type_coerce(
            func.sum(m.c.value + m.c.adjustment).over(
                partition_by=(m.c.product_id, m.c.warehouse_id)
            ),
            Scaled(MONEY_SCALE),
        ).label("value"),
        func.row_number()
        .over(
            partition_by=(m.c.product_id, m.c.warehouse_id),
            order_by=(m.c.date.desc(), m.c.id.desc()),
        )
        .label("rank"),
    ).subquery()
    latest = session.execute(select(ranked).where(ranked.c.rank == 1)).all()
    session.execute(update(sb).values(on_hand=0, value=0, last_move_date=None, last_move_id=None))
    for row in latest:
        values = {
            "on_hand": row.qty,
            "value": row.value,
            "last_unit_cost": row.cost_after,
            "last_move_date": row.date,
            "last_move_id": row.id,
        }
        where = and_(sb.c.product_id == row.product_id, sb.c.warehouse_id == row.warehouse_id)
        if session.execute(update(sb).where(where).values(**values)).rowcount == 0:  # type: ignore[attr-defined]
            session.execute(
                insert(sb).values(
                    product_id=row.product_id, warehouse_id=row.warehouse_id, reserved=0, **values
                )
            )
    session.execute(delete(bb))
    session.execute(
        insert(bb).from_select(
            ["batch_id", "warehouse_id", "product_id", "on_hand"],
            select(m.c.batch_id, m.c.warehouse_id, func.min(m.c.product_id), func.sum(m.c.qty))
            .where(m.c.batch_id.is_not(None))
            .group_by(m.c.batch_id, m.c.warehouse_id),
        )
    )
    layers = _rebuild_fifo(session)
    after = _balances(session)
    return {
        "stock_balance": len(latest),
        "stock_balance_changed": sum(1 for k, v in after.items() if before.get(k) != v),
        "batch_balance": session.execute(select(func.count()).select_from(bb)).scalar_one(),
        "fifo_layer": layers,
    }


def _rebuild_fifo(session: Session) -> int:
    session.execute(delete(fl))
    streams = session.execute(
        select(sb.c.product_id, sb.c.warehouse_id, catalog.product.c.purchase_price)
        .join(catalog.product, catalog.product.c.id == sb.c.product_id)
        .where(catalog.product.c.valuation_method == ValuationMethod.FIFO.value)
    ).all()
    written = 0
    for stream in streams:
        rows = session.execute(
            select(m.c.id, m.c.qty, m.c.value, m.c.takes_back_move_id)
            .where(m.c.product_id == stream.product_id, m.c.warehouse_id == stream.warehouse_id)
            .order_by(m.c.date, m.c.id)
        )
        state = replay_fifo(rows, stream.purchase_price or Decimal(0))
        written += len(state.layers)
        if state.layers:
            session.execute(
                insert(fl),
                [
                    {
                        "product_id": stream.product_id,
                        "warehouse_id": stream.warehouse_id,
                        "position": i,
                        "move_id": layer.ref,
                        "qty": layer.qty,
                        "unit_cost": layer.unit_cost,
                        "value": layer.value,
                    }
                    for i, layer in enumerate(state.layers)
                ],
            )
    return written


def rebuild_period_totals(session: Session, month_totals: MonthTotals) -> int:
    """Closed months' stored totals (``period_total``), recomputed as each close stored them
    (``months_closed_by``). Closed months cannot change, so this only ever restores them."""
    session.execute(delete(inventory.period_total))
    previous = None
    months = sorted(session.scalars(select(inventory.period.c.month)))
    for month in months:
        store_month_totals(session, month_totals, month, months_closed_by(session, previous, month))
        previous = month
    return len(months)
