"""Read side for products: lists with search, one product, lookup by barcode."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, system
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.trading.tax import PRICES_INCLUDE_TAX_SETTING, reference_price
from openjxc.queries._paging import by_ref, contains, page, search_text
from openjxc.queries.categories import subtree_ids

#: hidden from callers without price.read: what the company pays is not for every eye
COST_FIELDS = ("purchase_price",)
#: the reference prices, stored tax-exclusive
_PRICE_FIELDS = ("list_price", "min_sale_price", "purchase_price")


def _select() -> Any:
    t, c = catalog.product, catalog.category
    return select(
        t.c.id,
        t.c.code,
        t.c.name,
        t.c.spec,
        c.c.code.label("category"),
        c.c.name.label("category_name"),
        t.c.base_unit,
        t.c.base_unit_decimals,
        t.c.tracking,
        t.c.shelf_life_days,
        t.c.valuation_method,
        t.c.tax_rate,
        t.c.list_price,
        t.c.purchase_price,
        t.c.min_sale_price,
        t.c.active,
        t.c.created_at,
        t.c.updated_at,
    ).outerjoin(c, c.c.id == t.c.category_id)


def list_products(
    session: Session,
    actor: Actor,
    *,
    q: str | None = None,
    active: bool | None = None,
    category: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Products by code; ``q`` matches code, name, spec, barcode or pinyin initials."""
    actor.require(Permission.CATALOG_READ)
    t, b = catalog.product, catalog.product_barcode
    query = _select()
    text = search_text(q)
    if text:
        query = query.where(
            or_(
                contains(t.c.code, text),
                contains(t.c.name, text),
                contains(t.c.spec, text),
                contains(t.c.pinyin, text),
                exists().where(b.c.product_id == t.c.id, contains(b.c.barcode, text)),
            )
        )
    if active is not None:
        query = query.where(t.c.active == active)
    if category is not None:
        query = query.where(t.c.category_id.in_(subtree_ids(session, category)))
    rows, count = page(session, query, t.c.code, limit, offset)
    return _complete(session, actor, rows), count


def prices_include_tax(session: Session) -> bool:
    """The company's 单价含税 switch: reference prices are shown and typed 含税."""
    s = system.setting
    stored = session.execute(
        select(s.c.value).where(s.c.key == PRICES_INCLUDE_TAX_SETTING)
    ).scalar()
    return bool(stored)


def as_shown(row: dict[str, Any], tax_included: bool) -> dict[str, Any]:
    """``row`` with its reference prices as people read them (含税 when the switch is on)."""
    if not tax_included:
        return row
    shown = {f: reference_price(row[f], row["tax_rate"], True) for f in _PRICE_FIELDS if f in row}
    return {**row, **shown}


def get_product(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    actor.require(Permission.CATALOG_READ)
    condition, preference = by_ref(catalog.product, ref)
    row = session.execute(_select().where(condition).order_by(preference)).mappings().first()
    if row is None:
        raise NotFound("product", ref)
    return _complete(session, actor, [dict(row)])[0]


def find_by_barcode(session: Session, actor: Actor, barcode: str) -> dict[str, Any]:
    """What a scanner's code means: the product and the unit (a 箱 barcode means one 箱)."""
    actor.require(Permission.CATALOG_READ)
    b = catalog.product_barcode
    if "\x00" in barcode:
        raise NotFound("barcode", barcode.replace("\x00", ""))
    hit = session.execute(select(b.c.product_id, b.c.unit).where(b.c.barcode == barcode)).first()
    if hit is None:
        raise NotFound("barcode", barcode)
    row = session.execute(_select().where(catalog.product.c.id == hit.product_id)).mappings().one()
    product = _complete(session, actor, [dict(row)])[0]
    factor = next((u["factor"] for u in product["units"] if u["name"] == hit.unit), None)
    return {
        "barcode": barcode,
        "unit": hit.unit,
        "factor": factor or Decimal(1),
        "product": product,
    }


def _complete(
    session: Session, actor: Actor, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Add units and barcodes (two queries for the whole page) and hide costs if need be."""
    ids = [r["id"] for r in rows]
    u, b = catalog.product_unit, catalog.product_barcode
    units: dict[int, list[dict[str, Any]]] = {}
    for unit in session.execute(select(u).where(u.c.product_id.in_(ids)).order_by(u.c.id)):
        units.setdefault(unit.product_id, []).append({"name": unit.name, "factor": unit.factor})
    barcodes: dict[tuple[int, str], list[str]] = {}
    for code in session.execute(select(b).where(b.c.product_id.in_(ids)).order_by(b.c.id)):
        barcodes.setdefault((code.product_id, code.unit), []).append(code.barcode)
    sees_costs = actor.can(Permission.PRICE_READ)
    result = []
    for row in rows:
        row = dict(row)
        row["barcodes"] = barcodes.get((row["id"], row["base_unit"]), [])
        row["units"] = [
            {**unit, "barcode": next(iter(barcodes.get((row["id"], unit["name"]), [])), None)}
            for unit in units.get(row["id"], [])
        ]
        if not sees_costs:
            row.update(dict.fromkeys(COST_FIELDS))
        result.append(row)
    return result
