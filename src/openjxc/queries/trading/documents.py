"""Figures of a trading document: totals, order progress, returns, gross margin per line."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import inventory
from openjxc.adapters.db.types import qty_of
from openjxc.domain.catalog.units import mixed_quantity
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.numbers import ZERO

d, ln = inventory.document, inventory.document_line
_ORDERS = {DocumentType.PURCHASE_ORDER.value, DocumentType.SALES_ORDER.value}
_SOURCES = {DocumentType.PURCHASE_RECEIPT.value, DocumentType.SALES_DELIVERY.value}
_SALES = {DocumentType.SALES_DELIVERY.value, DocumentType.SALES_RETURN.value}


def add_trade_figures(session: Session, header: dict[str, Any], see_cost: bool) -> None:
    """Add totals and per-line progress (orders), returns (receipts/deliveries), margin."""
    lines = header["lines"]
    header["net_amount"] = sum((ln_["net_amount"] or ZERO for ln_ in lines), ZERO)
    header["tax"] = sum((ln_["tax"] or ZERO for ln_ in lines), ZERO)
    header["total"] = header["net_amount"] + header["tax"]
    header["total_before_order_discount"] = header["total"] + (header.get("order_discount") or ZERO)
    ids = [row["id"] for row in lines]
    kind = str(header["type"])
    if kind in _ORDERS:
        sourced = _sourced(session, ids)
        returned = _returned_through(session, ids)
        for row in lines:
            row["done_qty"] = sourced.get(row["id"], ZERO)
            row["returned_qty"] = returned.get(row["id"], ZERO)
            _in_ordered_unit(row)
    if kind in _SOURCES:
        sourced = _sourced(session, ids)
        for row in lines:
            row["returned_qty"] = sourced.get(row["id"], ZERO)
    if kind in _SALES and see_cost:
        for row in lines:
            if row["posted_value"] is not None and row["net_amount"] is not None:
                row["margin"] = row["net_amount"] - row["posted_value"]


def _in_ordered_unit(row: dict[str, Any]) -> None:
    """已入库/已出库 and 未完成 in the unit the line was ordered in (ordered 10 袋: 6袋 done,
    4袋 open; 6袋10kg when a bag was split), beside the base-unit figures."""
    unit = [(row["unit"], row["factor"])] if row["unit"] != row["base_unit"] else []
    left = max(row["base_qty"] - row["done_qty"], ZERO)
    row["done_in_units"] = mixed_quantity(row["done_qty"], row["base_unit"], unit)
    row["open_in_units"] = mixed_quantity(left, row["base_unit"], unit)


def _approved_lines() -> Any:
    return (
        select(ln.c.id, ln.c.source_line_id, ln.c.base_qty)
        .join(d, d.c.id == ln.c.document_id)
        # a red letter names the lines it negates, but neither receives nor returns them
        .where(
            d.c.status == Status.APPROVED.value,
            d.c.red_letter.is_(False),
            ln.c.removed.is_(False),
        )
        .subquery()
    )


def _sourced(session: Session, ids: list[int]) -> dict[int, Any]:
    a = _approved_lines()
    rows = session.execute(
        select(a.c.source_line_id, func.sum(a.c.base_qty))
        .where(a.c.source_line_id.in_(ids))
        .group_by(a.c.source_line_id)
    )
    return {r[0]: qty_of(r[1]) for r in rows}


def _returned_through(session: Session, ids: list[int]) -> dict[int, Any]:
    middle, back = _approved_lines(), aliased(_approved_lines())
    rows = session.execute(
        select(middle.c.source_line_id, func.sum(back.c.base_qty))
        .join(back, back.c.source_line_id == middle.c.id)
        .where(middle.c.source_line_id.in_(ids))
        .group_by(middle.c.source_line_id)
    )
    return {r[0]: qty_of(r[1]) for r in rows}
