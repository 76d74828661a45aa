"""Units of the products on a page, and quantities shown in them (58袋, 1箱5个)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog

Units = dict[int, list[tuple[str, Decimal]]]


def units_of(session: Session, product_ids: Iterable[int]) -> Units:
    """Each product's units other than the base unit, as (name, factor): one query a page."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    u = catalog.product_unit
    found: Units = {}
    for row in session.execute(
        select(u.c.product_id, u.c.name, u.c.factor).where(u.c.product_id.in_(ids))
    ):
        found.setdefault(row.product_id, []).append((row.name, row.factor))
    return found


def units_by_code(session: Session, codes: Iterable[str]) -> dict[str, list[tuple[str, Decimal]]]:
    """:func:`units_of`, keyed by product code (reports name products by code)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    p, u = catalog.product, catalog.product_unit
    found: dict[str, list[tuple[str, Decimal]]] = {}
    for row in session.execute(
        select(p.c.code, u.c.name, u.c.factor)
        .join(u, u.c.product_id == p.c.id)
        .where(p.c.code.in_(wanted))
    ):
        found.setdefault(row.code, []).append((row.name, row.factor))
    return found
