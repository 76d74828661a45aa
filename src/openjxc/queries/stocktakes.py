"""Read side of stocktakes: the lines with book, expected and counted, and the variance report.

Before approval, expected is computed live (the books at each line's count, by the rule
``domain/documents/stocktake.before_count``; an uncounted line as if counted now) and valued
at the stream's current cost; after approval, the quantities and values are those posted.
A blind count hides every figure that reveals the books from callers who cannot approve.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.stock_counts import count_basis
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.status import POSTED, Status
from openjxc.domain.documents.stocktake import CountBasis
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.shared.numbers import ZERO, round_money
from openjxc.queries import documents

d, ln, m, bt = inventory.document, inventory.document_line, inventory.stock_move, inventory.batch
sb, p = inventory.stock_balance, catalog.product
HIDDEN = ("book_qty", "expected_qty", "variance_qty", "variance_value")


def get_stocktake(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    """The stocktake with its variance lines and totals (blind figures hidden)."""
    header = documents.get_document(session, actor, ref)
    if header["type"] != "stocktake":
        raise NotFound("stocktake", ref)
    extra = session.execute(
        select(d.c.blind_count, d.c.snapshot_at, d.c.warehouse_id, d.c.date).where(
            d.c.id == header["id"]
        )
    ).one()
    header.update(blind=extra.blind_count, snapshot_at=extra.snapshot_at)
    posted = Status(header["status"]) in POSTED
    basis = None if posted else count_basis(session, extra.warehouse_id, extra.date)
    lines = _lines(session, header["id"], extra.warehouse_id, extra.date, basis)
    header["lines"] = lines
    header["totals"] = _totals(lines)
    if extra.blind_count and not actor.can(Permission.STOCK_DOCUMENT_APPROVE):
        for line in lines:
            line.update(dict.fromkeys(HIDDEN))
        header["totals"] = None
    elif not actor.can(Permission.PRICE_READ):
        for line in lines:
            line["variance_value"] = None
        header["totals"].update(gain_value=None, loss_value=None)
    return header


def _lines(
    session: Session, document_id: int, warehouse_id: int, day: dt.date, basis: CountBasis | None
) -> list[dict[str, Any]]:
    undone = aliased(m)
    values = {
        line_id: money_of(value)
        for line_id, value in session.execute(
            select(m.c.line_id, func.sum(m.c.value))
            .where(
                m.c.document_id == document_id,
                m.c.reverses_move_id.is_(None),
                m.c.id.not_in(
                    select(undone.c.reverses_move_id).where(undone.c.reverses_move_id.is_not(None))
                ),
            )
            .group_by(m.c.line_id)
        ).all()
    }
    rows = session.execute(
        select(
            ln.c.id,
            ln.c.line_no,
            ln.c.product_id,
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit,
            ln.c.batch_no.label("batch"),
            bt.c.id.label("batch_id"),
            ln.c.book_qty,
            ln.c.counted_qty,
            ln.c.counted_at,
            ln.c.expected_qty,
            ln.c.variance_qty,
            ln.c.unit,
            ln.c.qty,
            ln.c.reason,
            sb.c.on_hand,
            sb.c.value,
            sb.c.last_unit_cost,
            p.c.purchase_price,
        )
        .join(p, p.c.id == ln.c.product_id)
        .outerjoin(bt, and_(bt.c.product_id == ln.c.product_id, bt.c.batch_no == ln.c.batch_no))
        .outerjoin(sb, and_(sb.c.product_id == ln.c.product_id, sb.c.warehouse_id == warehouse_id))
        .where(ln.c.document_id == document_id, ln.c.removed.is_(False))
        .order_by(ln.c.line_no)
    ).mappings()
    now = clock.now()
    return [_line(dict(r), day, basis, values, now) for r in rows]


def _line(
    row: dict[str, Any],
    day: dt.date,
    basis: CountBasis | None,
    values: dict[int, Decimal],
    now: dt.datetime,
) -> dict[str, Any]:
    if basis is None:  # posted: as posted
        expected, variance = row["expected_qty"], row["variance_qty"]
        value = values.get(row["id"], ZERO) if variance is not None else None
    else:
        at = row["counted_at"] or now
        expected = basis.book(row["product_id"], row["batch_id"], bool(row["batch"]), day, at)
        counted = row["counted_qty"]
        variance = None if counted is None else counted - expected
        value = None if variance is None else round_money(variance * _cost(row))
    return {
        "line_no": row["line_no"],
        "product": row["product"],
        "product_name": row["product_name"],
        "base_unit": row["base_unit"],
        "batch": row["batch"],
        "unit": row["unit"],
        "qty": row["qty"] if row["counted_qty"] is not None else None,
        "book_qty": row["book_qty"],
        "expected_qty": expected,
        "counted_qty": row["counted_qty"],
        "counted_at": row["counted_at"],
        "variance_qty": variance,
        "variance_value": value,
        "reason": row["reason"],
    }


def _cost(row: dict[str, Any]) -> Decimal:
    """The stream's cost now, as a gain would be valued: average, last known, or reference."""
    if row["on_hand"] is not None and row["on_hand"] > ZERO:
        return Decimal(row["value"]) / Decimal(row["on_hand"])
    return row["last_unit_cost"] or row["purchase_price"] or ZERO


def _totals(lines: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts, and gains and losses: values summed, quantities per unit (1 kg and 2 个 are
    never added up); ``gain_qty``/``loss_qty`` only when every line counts in one unit."""
    gains = [ln for ln in lines if ln["variance_qty"] is not None and ln["variance_qty"] > ZERO]
    losses = [ln for ln in lines if ln["variance_qty"] is not None and ln["variance_qty"] < ZERO]
    one_unit = len({ln["base_unit"] for ln in lines}) <= 1
    gain_by_unit, loss_by_unit = _per_unit(gains, 1), _per_unit(losses, -1)
    return {
        "lines": len(lines),
        "counted": sum(1 for ln in lines if ln["counted_qty"] is not None),
        "gain_qty": sum((q["qty"] for q in gain_by_unit), ZERO) if one_unit else None,
        "gain_by_unit": gain_by_unit,
        "gain_value": sum((ln["variance_value"] or ZERO for ln in gains), ZERO),
        "loss_qty": sum((q["qty"] for q in loss_by_unit), ZERO) if one_unit else None,
        "loss_by_unit": loss_by_unit,
        "loss_value": sum((-(ln["variance_value"] or ZERO) for ln in losses), ZERO),
    }


def _per_unit(lines: list[dict[str, Any]], sign: int) -> list[dict[str, Any]]:
    totals: dict[str, Decimal] = {}
    for line in lines:
        unit = line["base_unit"]
        totals[unit] = totals.get(unit, ZERO) + sign * line["variance_qty"]
    return [{"unit": unit, "qty": qty} for unit, qty in sorted(totals.items())]
