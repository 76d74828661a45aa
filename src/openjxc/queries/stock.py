"""Read side of the stock ledger: balances (now or at a date) and the ledger itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import money_of, qty_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.units import mixed_quantity
from openjxc.domain.shared.numbers import ZERO, round_price
from openjxc.queries import revaluations
from openjxc.queries.units import units_of

p, w = catalog.product, catalog.warehouse
sb, bb, bt, m, d = (
    inventory.stock_balance,
    inventory.batch_balance,
    inventory.batch,
    inventory.stock_move,
    inventory.document,
)


def _scope(actor: Actor, query: Any) -> Any:
    if actor.warehouse_ids is not None:
        return query.where(w.c.id.in_(actor.warehouse_ids))
    if actor.organisation_ids is not None:
        return query.where(w.c.organisation_id.in_(actor.organisation_ids))
    return query


def stock_balances(
    session: Session,
    actor: Actor,
    *,
    product_id: int | None = None,
    warehouse_id: int | None = None,
    as_of: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """On hand, reserved, on hold, available, unit cost and value per product × warehouse."""
    actor.require(Permission.STOCK_READ)
    held = (
        select(bb.c.product_id, bb.c.warehouse_id, func.sum(bb.c.on_hand).label("on_hold"))
        .join(bt, bt.c.id == bb.c.batch_id)
        .where(bt.c.on_hold.is_(True))
        .group_by(bb.c.product_id, bb.c.warehouse_id)
        .subquery()
    )
    if as_of is None:
        source = select(
            sb.c.product_id,
            sb.c.warehouse_id,
            sb.c.on_hand.label("on_hand"),
            sb.c.value.label("value"),
            sb.c.reserved,
        ).subquery()
    else:
        ranked = (
            select(
                m.c.product_id,
                m.c.warehouse_id,
                m.c.qty_after,
                m.c.value_after,
                func.row_number()
                .over(
                    partition_by=(m.c.product_id, m.c.warehouse_id),
                    order_by=(m.c.date.desc(), m.c.id.desc()),
                )
                .label("rank"),
            )
            .where(m.c.date <= as_of)
            .subquery()
        )
        source = (
            select(
                ranked.c.product_id,
                ranked.c.warehouse_id,
                ranked.c.qty_after.label("on_hand"),
                ranked.c.value_after.label("value"),
                literal(0).label("reserved"),
            )
            .where(ranked.c.rank == 1)
            .subquery()
        )
    query = (
        select(
            p.c.id.label("product_id"),
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit,
            w.c.id.label("warehouse_id"),
            w.c.code.label("warehouse"),
            w.c.name.label("warehouse_name"),
            source.c.on_hand,
            source.c.value,
            source.c.reserved,
            func.coalesce(held.c.on_hold, 0).label("on_hold"),
        )
        .join(p, p.c.id == source.c.product_id)
        .join(w, w.c.id == source.c.warehouse_id)
        .outerjoin(
            held,
            and_(
                held.c.product_id == source.c.product_id,
                held.c.warehouse_id == source.c.warehouse_id,
            ),
        )
    )
    if product_id is not None:
        query = query.where(source.c.product_id == product_id)
    if warehouse_id is not None:
        query = query.where(source.c.warehouse_id == warehouse_id)
    query = _scope(actor, query)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(p.c.code, w.c.code).limit(limit).offset(offset)
    ).mappings()
    see_cost = actor.can(Permission.PRICE_READ)
    found = [_balance(dict(r), as_of is not None, see_cost) for r in rows]
    units = units_of(session, (r["product_id"] for r in found))
    for row in found:
        shown = units.get(row["product_id"], [])
        for name in ("on_hand", "available"):
            row[f"{name}_in_units"] = mixed_quantity(row[name], row["base_unit"], shown)
    return found, count


def _balance(row: dict[str, Any], historical: bool, see_cost: bool) -> dict[str, Any]:
    on_hand = qty_of(row["on_hand"])
    on_hold = qty_of(row["on_hold"]) if not historical else ZERO
    reserved = qty_of(row["reserved"])
    value = money_of(row["value"])
    row.update(
        on_hand=on_hand,
        on_hold=on_hold,
        reserved=reserved,
        available=on_hand - reserved - on_hold,
        value=value if see_cost else None,
        unit_cost=(round_price(value / on_hand) if on_hand > 0 else None) if see_cost else None,
    )
    return row


def batch_balances(
    session: Session,
    actor: Actor,
    *,
    product_id: int | None = None,
    warehouse_id: int | None = None,
) -> list[dict[str, Any]]:
    """On hand per batch, with expiry and hold, first expiry first (FEFO, no expiry last)."""
    actor.require(Permission.STOCK_READ)
    query = (
        select(
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            w.c.code.label("warehouse"),
            w.c.name.label("warehouse_name"),
            bt.c.batch_no.label("batch"),
            bt.c.production_date,
            bt.c.expiry_date,
            bt.c.on_hold,
            bt.c.hold_reason,
            bb.c.on_hand,
        )
        .join(bt, bt.c.id == bb.c.batch_id)
        .join(p, p.c.id == bb.c.product_id)
        .join(w, w.c.id == bb.c.warehouse_id)
        .where(bb.c.on_hand != 0)
    )
    if product_id is not None:
        query = query.where(bb.c.product_id == product_id)
    if warehouse_id is not None:
        query = query.where(bb.c.warehouse_id == warehouse_id)
    query = _scope(actor, query)
    return [
        dict(r)
        for r in session.execute(
            # nulls last on both databases, as the FEFO pick orders them
            query.order_by(
                p.c.code, w.c.code, bt.c.expiry_date.is_(None), bt.c.expiry_date, bt.c.id
            )
        ).mappings()
    ]


def stock_moves(
    session: Session,
    actor: Actor,
    *,
    product_id: int | None = None,
    warehouse_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """The ledger (库存流水): each move with its document and the stream's running balance."""
    actor.require(Permission.STOCK_READ)
    query = (
        select(
            m.c.id,
            m.c.date,
            d.c.number.label("document"),
            d.c.type.label("document_type"),
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            w.c.code.label("warehouse"),
            bt.c.batch_no.label("batch"),
            m.c.qty,
            m.c.unit_cost,
            m.c.value,
            m.c.adjustment.label("settlement"),
            m.c.qty_after,
            m.c.value_after,
            case((m.c.reverses_move_id.is_(None), False), else_=True).label("reversal"),
        )
        .join(d, d.c.id == m.c.document_id)
        .join(p, p.c.id == m.c.product_id)
        .join(w, w.c.id == m.c.warehouse_id)
        .outerjoin(bt, bt.c.id == m.c.batch_id)
    )
    if product_id is not None:
        query = query.where(m.c.product_id == product_id)
    if warehouse_id is not None:
        query = query.where(m.c.warehouse_id == warehouse_id)
    if since is not None:
        query = query.where(m.c.date >= since)
    if until is not None:
        query = query.where(m.c.date <= until)
    query = _scope(actor, query)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.add_columns(  # per row shown only, after the count
        revaluations.change_since_posted(m.c.id).label("adjustment"),
        revaluations.last_cause(m.c.id).label("revalued_by"),
    )
    rows = [
        dict(r)
        for r in session.execute(
            query.order_by(m.c.date, m.c.id).limit(limit).offset(offset)
        ).mappings()
    ]
    for row in rows:
        if row["adjustment"] is None:
            row["adjustment"] = ZERO.quantize(row["value"])  # never re-costed
    if not actor.can(Permission.PRICE_READ):
        for row in rows:
            row.update(
                unit_cost=None,
                value=None,
                adjustment=None,
                revalued_by=None,
                settlement=None,
                value_after=None,
            )
    return rows, count
