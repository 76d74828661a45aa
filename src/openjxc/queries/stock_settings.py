"""Read side for stock settings: one product's levels in every warehouse the caller sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import ids_of
from openjxc.queries.rows import rows_of
from openjxc.queries.warehouses import in_scope


@dataclass(frozen=True, slots=True)
class StockSettingRow:
    """One warehouse's levels of a product, in its base unit (None: not set)."""

    warehouse_id: int
    warehouse: str
    warehouse_name: str
    safety_stock: Decimal | None
    reorder_point: Decimal | None
    max_stock: Decimal | None
    strategic_reserve: Decimal | None
    updated_at: datetime | None


def list_stock_settings(session: Session, actor: Actor, product: str) -> list[StockSettingRow]:
    """A row per warehouse (active ones, and any with a setting); unset levels are null."""
    actor.require(Permission.CATALOG_READ, Permission.WAREHOUSE_READ)
    product_ids = ids_of(session, catalog.product, product)
    if not product_ids:
        raise NotFound("product", product)
    w, s = catalog.warehouse, catalog.stock_setting
    query = select(
        w.c.id.label("warehouse_id"),
        w.c.code.label("warehouse"),
        w.c.name.label("warehouse_name"),
        s.c.safety_stock,
        s.c.reorder_point,
        s.c.max_stock,
        s.c.strategic_reserve,
        s.c.updated_at,
    ).outerjoin(s, and_(s.c.warehouse_id == w.c.id, s.c.product_id == product_ids[0]))
    query = in_scope(query.where(or_(w.c.active.is_(True), s.c.id.is_not(None))), actor)
    return rows_of(StockSettingRow, session.execute(query.order_by(w.c.code)))
