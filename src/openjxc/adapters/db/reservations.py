"""Reserved quantities on the stock balance rows (stock_balance.reserved)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import qty_of
from openjxc.domain.shared.numbers import ZERO
from openjxc.services.inventory.reservations import Availability

sb, bb, b = inventory.stock_balance, inventory.batch_balance, inventory.batch
ss = catalog.stock_setting


_stream: dict[str, Any] = {"p": bindparam("p"), "w": bindparam("w")}
_held = (
    select(func.coalesce(func.sum(bb.c.on_hand), 0))
    .join(b, b.c.id == bb.c.batch_id)
    .where(bb.c.product_id == _stream["p"], bb.c.warehouse_id == _stream["w"], b.c.on_hold)
    .scalar_subquery()
)
_reserve = (
    select(ss.c.strategic_reserve)
    .where(ss.c.product_id == _stream["p"], ss.c.warehouse_id == _stream["w"])
    .scalar_subquery()
)
# built once: the UPDATE locks the row; then what else decides availability
_ADJUST = (
    update(sb)
    .where(sb.c.product_id == _stream["p"], sb.c.warehouse_id == _stream["w"])
    .values(reserved=sb.c.reserved + bindparam("delta", type_=sb.c.reserved.type))
    .returning(sb.c.on_hand, sb.c.reserved)
)
_KEPT = select(_held.label("held"), _reserve.label("reserve"))


class SqlReservations:
    def __init__(self, session: Session):
        self.session = session

    def adjust(self, product_id: int, warehouse_id: int, delta: Decimal) -> Availability:
        """Add ``delta`` to the reserved quantity (the UPDATE locks the row) and return it."""
        params = {"p": product_id, "w": warehouse_id, "delta": delta}
        connection = self.session.connection()
        row = connection.execute(_ADJUST, params).first()
        if row is None:  # nothing ever moved here: create the row (locked like the others)
            dialect = self.session.get_bind().dialect.name
            upsert = pg_insert if dialect == "postgresql" else sqlite_insert
            connection.execute(
                upsert(sb)
                .values(
                    product_id=product_id,
                    warehouse_id=warehouse_id,
                    on_hand=ZERO,
                    value=ZERO,
                    reserved=ZERO,
                )
                .on_conflict_do_nothing()
            )
            row = connection.execute(_ADJUST, params).one()
        kept = connection.execute(_KEPT, params).one()
        return Availability(row.on_hand, row.reserved, qty_of(kept.held), kept.reserve or ZERO)
