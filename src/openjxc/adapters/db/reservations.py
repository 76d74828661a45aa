"""Reserved quantities on the stock balance rows (stock_balance.reserved)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import inventory
from openjxc.adapters.db.types import qty_of
from openjxc.domain.shared.numbers import ZERO
from openjxc.services.inventory.reservations import Availability

sb, bb, b = inventory.stock_balance, inventory.batch_balance, inventory.batch


class SqlReservations:
    def __init__(self, session: Session):
        self.session = session

    def adjust(self, product_id: int, warehouse_id: int, delta: Decimal) -> Availability:
        """Add ``delta`` to the reserved quantity (the UPDATE locks the row) and return it."""
        where = and_(sb.c.product_id == product_id, sb.c.warehouse_id == warehouse_id)
        change = (
            update(sb)
            .where(where)
            .values(reserved=sb.c.reserved + literal(delta, sb.c.reserved.type))
            .returning(sb.c.on_hand, sb.c.reserved)
        )
        row = self.session.execute(change).first()
        if row is None:  # nothing ever moved here: create the row (locked like the others)
            dialect = self.session.get_bind().dialect.name
            upsert = pg_insert if dialect == "postgresql" else sqlite_insert
            self.session.execute(
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
            row = self.session.execute(change).one()
        held = self.session.execute(
            select(func.coalesce(func.sum(bb.c.on_hand), 0))
            .join(b, b.c.id == bb.c.batch_id)
            .where(
                bb.c.product_id == product_id,
                bb.c.warehouse_id == warehouse_id,
                b.c.on_hold.is_(True),
            )
        ).scalar()
        return Availability(row.on_hand, row.reserved, qty_of(held))
