"""What a stocktake reads from the ledger: the snapshot, and what its count rule needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Integer, cast, func, literal, null, select, text, union_all
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import UTCDateTime, qty_of
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.documents.stocktake import CountBasis, Moved

m, sb, bb, p = (
    inventory.stock_move,
    inventory.stock_balance,
    inventory.batch_balance,
    catalog.product,
)


class SqlStockCounts:
    def __init__(self, session: Session):
        self.session = session

    def last_move_id(self) -> int:
        """The ledger's last move, with postings held until this transaction ends.

        On PostgreSQL a move's id is drawn when it is inserted, not when it commits: without
        the lock, a posting in flight could commit a lower id after this read, and belong
        neither to the balances read next nor to the moves "since". A SHARE lock on the
        moves waits for every posting in flight and holds new ones back for the moment the
        snapshot takes. (SQLite write transactions are serial already.)
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text(f"LOCK TABLE {m.name} IN SHARE MODE"))
        return int(self.session.scalar(select(func.max(m.c.id))) or 0)

    def on_hand(
        self, warehouse_id: int, category_ids: set[int] | None
    ) -> list[tuple[int, int | None, Decimal]]:
        batch = Tracking.BATCH
        plain = (
            select(sb.c.product_id, sb.c.on_hand)
            .join(p, p.c.id == sb.c.product_id)
            .where(sb.c.warehouse_id == warehouse_id, sb.c.on_hand != 0, p.c.tracking != batch)
        )
        batched = (
            select(bb.c.product_id, bb.c.batch_id, bb.c.on_hand)
            .join(p, p.c.id == bb.c.product_id)
            .where(bb.c.warehouse_id == warehouse_id, bb.c.on_hand != 0, p.c.tracking == batch)
        )
        if category_ids is not None:
            plain = plain.where(p.c.category_id.in_(category_ids))
            batched = batched.where(p.c.category_id.in_(category_ids))
        rows: list[tuple[int, int | None, Decimal]] = [
            (r.product_id, None, r.on_hand) for r in self.session.execute(plain)
        ]
        rows += [(r.product_id, r.batch_id, r.on_hand) for r in self.session.execute(batched)]
        return sorted(rows, key=lambda r: (r[0], r[1] or 0))

    def count_basis(self, warehouse_id: int, day: dt.date) -> CountBasis:
        return count_basis(self.session, warehouse_id, day)

    def on_hand_at(
        self, warehouse_id: int, product_id: int, batch_id: int | None, move_id: int
    ) -> Decimal:
        query = select(func.sum(m.c.qty)).where(
            m.c.warehouse_id == warehouse_id, m.c.product_id == product_id, m.c.id <= move_id
        )
        if batch_id is not None:
            query = query.where(m.c.batch_id == batch_id)
        return qty_of(self.session.scalar(query))


def count_basis(session: Session, warehouse_id: int, day: dt.date) -> CountBasis:
    """On hand now (per product, and per batch) and every move dated ``day`` or later, in one
    statement, so that on PostgreSQL both are read from one snapshot of the ledger."""
    no_int, no_date, no_time = cast(null(), Integer), cast(null(), Date), cast(null(), UTCDateTime)
    moves = select(
        literal(2).label("kind"), m.c.product_id, m.c.batch_id, m.c.date, m.c.created_at, m.c.qty
    ).where(m.c.warehouse_id == warehouse_id, m.c.date >= day)
    plain = select(literal(0), sb.c.product_id, no_int, no_date, no_time, sb.c.on_hand).where(
        sb.c.warehouse_id == warehouse_id
    )
    batched = select(
        literal(1), bb.c.product_id, bb.c.batch_id, no_date, no_time, bb.c.on_hand
    ).where(bb.c.warehouse_id == warehouse_id)
    on_hand: dict[tuple[int, int | None], Decimal] = {}
    moved: dict[tuple[int, int | None], list[Moved]] = {}
    for kind, product_id, batch_id, date, entered_at, qty in session.execute(
        union_all(moves, plain, batched)
    ):
        if kind == 2:
            moved.setdefault((product_id, batch_id), []).append(Moved(date, entered_at, qty))
        else:
            on_hand[(product_id, batch_id)] = qty
    return CountBasis(on_hand, moved)
