"""Sale prices on record for a product: per price level (等级价) and per customer (客户协议价).

Both are per base unit and tax-exclusive, as the services store them. They are sale prices,
not costs: seen by who reads prices, sets them or sells at them, not by a warehouse keeper
(``domain/access/sale_prices``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, trading
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.sale_prices import require_sale_prices
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.catalog.price_levels import PRICE_LEVELS
from openjxc.queries.partners import price_level_names
from openjxc.queries.refs import id_of

pt = catalog.partner
lp, cp = trading.level_price, trading.customer_price
CUSTOMERS = (PartnerKind.CUSTOMER.value, PartnerKind.BOTH.value)


def level_prices(session: Session, actor: Actor, product: str) -> list[dict[str, Any]]:
    """Every level 1–10 of ``product`` (code or id): its name, its price (None when it has
    none) and how many active customers are at that level."""
    require_sale_prices(actor)
    product_id = id_of(session, "product", product)
    prices = {
        r.level: r
        for r in session.execute(
            select(lp.c.level, lp.c.price, lp.c.updated_at).where(lp.c.product_id == product_id)
        )
    }
    at_level = select(pt.c.price_level, func.count()).where(
        pt.c.active.is_(True), pt.c.kind.in_(CUSTOMERS), pt.c.price_level.is_not(None)
    )
    customers = {
        level: count for level, count in session.execute(at_level.group_by(pt.c.price_level))
    }
    names = price_level_names(session)
    return [
        {
            "level": level,
            "name": names[level],
            "price": prices[level].price if level in prices else None,
            "updated_at": prices[level].updated_at if level in prices else None,
            "customers": customers.get(level, 0),
        }
        for level in range(1, PRICE_LEVELS + 1)
    ]


def customer_prices(session: Session, actor: Actor, product: str) -> list[dict[str, Any]]:
    """The customers with their own price of ``product`` (code or id), by customer code."""
    require_sale_prices(actor)
    product_id = id_of(session, "product", product)
    query = (
        select(
            pt.c.code.label("partner"),
            pt.c.name.label("partner_name"),
            pt.c.price_level,
            pt.c.active,
            cp.c.price,
            cp.c.updated_at,
        )
        .join(pt, pt.c.id == cp.c.partner_id)
        .where(cp.c.product_id == product_id)
        .order_by(pt.c.code)
    )
    names = price_level_names(session)
    return [
        {**r, "price_level_name": names.get(r["price_level"]) if r["price_level"] else None}
        for r in session.execute(query).mappings()
    ]
