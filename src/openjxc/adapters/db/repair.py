"""`jxc doctor --repair`: rebuild the caches from the ledger (never the ledger itself)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.ledger import replay_fifo
from openjxc.adapters.db.snapshots import MonthTotals, months_closed_by, store_month_totals
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import Scaled
from openjxc.domain.inventory.valuation import ValuationMethod
from openjxc.domain.shared.numbers import MONEY_SCALE

m, sb, bb, fl = (
    inventory.stock_move,
    inventory.stock_balance,
    inventory.batch_balance,
    inventory.fifo_layer,
)


def rebuild_caches(session: Session) -> None:
    """Balances, batch balances and FIFO layers, recomputed from the moves."""
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
    _rebuild_fifo(session)


def _rebuild_fifo(session: Session) -> None:
    session.execute(delete(fl))
    streams = session.execute(
        select(sb.c.product_id, sb.c.warehouse_id, catalog.product.c.purchase_price)
        .join(catalog.product, catalog.product.c.id == sb.c.product_id)
        .where(catalog.product.c.valuation_method == ValuationMethod.FIFO.value)
    ).all()
    for stream in streams:
        rows = session.execute(
            select(m.c.id, m.c.qty, m.c.value, m.c.takes_back_move_id)
            .where(m.c.product_id == stream.product_id, m.c.warehouse_id == stream.warehouse_id)
            .order_by(m.c.date, m.c.id)
        )
        state = replay_fifo(rows, stream.purchase_price or Decimal(0))
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


def rebuild_period_totals(session: Session, month_totals: MonthTotals) -> None:
    """Closed months' stored totals (``period_total``), recomputed as each close stored them
    (``months_closed_by``). Closed months cannot change, so this only ever restores them."""
    session.execute(delete(inventory.period_total))
    previous = None
    for month in sorted(session.scalars(select(inventory.period.c.month))):
        store_month_totals(session, month_totals, month, months_closed_by(session, previous, month))
        previous = month
