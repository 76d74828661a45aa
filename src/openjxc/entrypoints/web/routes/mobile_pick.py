"""移动扫码 拣货: scan what is picked for a draft sales delivery and write it onto the
delivery: its lines become the picked quantities, one line per batch, each keeping its order
line and agreed price (``update_trade_document(keep_terms=True)``)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from fastapi import Request, Response

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, DomainError, ValidationError
from openjxc.domain.shared.numbers import ZERO, plain, quantity, round_price
from openjxc.domain.trading import flow
from openjxc.domain.trading.tax import share
from openjxc.entrypoints.web import forms
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.routes.mobile import (
    error_json,
    merged,
    saved_json,
    scan_page,
    scanned_rows,
    trade_document,
)
from openjxc.queries import stock as stock_queries
from openjxc.queries.refs import id_of
from openjxc.services.trading import documents as trade_documents

router = web_router(prefix="/mobile")


@router.get("/pick/{number}")
def pick(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """拣货: scan what is picked for a draft sales delivery; the list shows what is missing."""
    delivery = trade_document(db, actor, number, DocumentType.SALES_DELIVERY)
    batches = _batches_in_stock(db, actor, delivery)
    expected = [
        {
            "product": ln["product"],
            "product_name": ln["product_name"],
            "unit": ln["base_unit"],
            "expected": plain(ln["base_qty"]),
            "limit": plain(ln["base_qty"]),
            "batches": batches.get(ln["product"], []),
        }
        for ln in delivery["lines"]
    ]
    draft = delivery["status"] == "draft"
    may_save = draft and flow.may_write(actor, DocumentType.SALES_DELIVERY)
    note = ""
    if not draft:
        note = N_("This delivery is no longer a draft: scans are only checked.")
    elif not may_save:
        note = N_("Check the picked goods here; a salesperson saves the delivery.")
    values = {
        "doc": delivery,
        "expected": merged(expected),
        "save_url": f"/mobile/pick/{delivery['number']}" if may_save else "",
        "note": note,
        "version": _version(delivery),
    }
    return scan_page(request, "pick", values)


def _batches_in_stock(db: ReadSession, actor: Actor, delivery: dict[str, Any]) -> dict[str, Any]:
    """The batches a picker is offered per product: the ones the delivery names, then those
    that may be issued from its warehouse (not held, not expired), first expiry first."""
    today = clock.today()
    rows = stock_queries.batch_balances(
        db, actor, warehouse_id=id_of(db, "warehouse", delivery["warehouse"])
    )
    named = [(ln["product"], ln["batch"]) for ln in delivery["lines"] if ln["batch"]]
    issuable = [
        (r["product"], r["batch"])
        for r in rows
        if r["on_hand"] > 0
        and not r["on_hold"]
        and (r["expiry_date"] is None or r["expiry_date"] >= today)
    ]
    found: dict[str, list[dict[str, str]]] = {}
    for product, batch in dict.fromkeys([*named, *issuable]):
        found.setdefault(product, []).append({"batch": batch, "counted": "0"})
    return found


def _version(delivery: dict[str, Any]) -> str:
    """What the picker's page was built from: a save is refused once the delivery changed."""
    lines = [
        [ln["id"], ln["product"], plain(ln["base_qty"]), ln["batch"] or "", ln["source_line"]]
        for ln in delivery["lines"]
    ]
    return hashlib.sha256(json.dumps([delivery["status"], lines]).encode()).hexdigest()[:16]


@router.post("/pick/{number}")
def save_pick(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Write what was picked to the draft delivery: its lines become the picked quantities."""
    try:
        flow.require_write(actor, DocumentType.SALES_DELIVERY)
        delivery = trade_document(db, actor, number, DocumentType.SALES_DELIVERY)
        version = forms.text(request.state.form, "version")
        if version and version != _version(delivery):
            raise Conflict("document_changed", number=delivery["number"])
        data = trade_documents.TradeInput(
            type=DocumentType.SALES_DELIVERY.value,
            date=delivery["date"],
            warehouse=delivery["warehouse"],
            partner=delivery["partner"],
            lines=_picked_lines(delivery, scanned_rows(request)),
            remarks=delivery["remarks"] or "",
            tax_included=False,  # the prices given are the stored ones, without tax
            # a keeper's pick keeps the 整单优惠 without giving it (update keeps the draft's)
            discount=None
            if flow.receives_only(actor, DocumentType.SALES_DELIVERY)
            else delivery["discount"],
            salesperson=delivery["salesperson"],
        )
        doc = trade_documents.update_trade_document(
            delivery["number"], data, actor, uow, keep_terms=True
        )
    except DomainError as error:
        return error_json(request, error)
    return saved_json(request, doc.number)


def _picked_lines(
    delivery: dict[str, Any], scanned: list[dict[str, str]]
) -> list[trade_documents.TradeLineInput]:
    """The delivery's lines as picked, in their order. Each product's picks fill its lines up
    to their quantities (a line's own batch first, then in scan order), one line per batch
    picked, each keeping its order line; a line nothing was picked for is left out."""
    picked = _picks(delivery, scanned)
    taken: dict[tuple[Any, str], list[Any]] = {}  # (order line or line, batch) -> [line, qty]
    room = {ln["id"]: ln["base_qty"] for ln in delivery["lines"]}

    def take(line: dict[str, Any], batch: str) -> None:
        left = picked[line["product"]]
        qty = min(room[line["id"]], left.get(batch, ZERO))
        if qty > ZERO:
            left[batch] -= qty
            room[line["id"]] -= qty
            key = (line["source_line"] or f"line {line['id']}", batch)
            taken.setdefault(key, [line, ZERO])[1] += qty

    lines = [ln for ln in delivery["lines"] if ln["product"] in picked]
    for line in lines:
        take(line, line["batch"] or "")
    for line in lines:
        for batch in list(picked[line["product"]]):
            take(line, batch)
    in_order = sorted(taken.items(), key=lambda item: int(item[1][0]["line_no"]))
    return [_picked_line(line, qty, batch) for (_, batch), (line, qty) in in_order]


def _picks(delivery: dict[str, Any], scanned: list[dict[str, str]]) -> dict[str, dict[str, Any]]:
    """The base quantity picked per product and batch (in scan order), checked against what
    the delivery holds of each product."""
    picked: dict[str, dict[str, Any]] = {}
    for row in scanned:
        lines = [ln for ln in delivery["lines"] if ln["product"] == row["product"]]
        if not lines:
            raise ValidationError(
                "not_on_delivery", product=row["product"][:64], number=delivery["number"]
            )
        batches = picked.setdefault(row["product"], {})
        batches[row["batch"]] = batches.get(row["batch"], ZERO) + _base_qty(row, lines)
    for product, batches in picked.items():
        lines = [ln for ln in delivery["lines"] if ln["product"] == product]
        expected = sum((ln["base_qty"] for ln in lines), ZERO)
        if sum(batches.values(), ZERO) > expected:
            raise ValidationError(
                "over_pick",
                product=product,
                product_name=lines[0]["product_name"],
                picked=plain(sum(batches.values(), ZERO)),
                expected=plain(expected),
                unit=lines[0]["base_unit"],
                number=delivery["number"],
            )
    return picked


def _base_qty(row: dict[str, str], lines: list[dict[str, Any]]) -> Decimal:
    """A pick in base units; the page counts in them, a line's own unit is taken too."""
    qty = quantity(row["qty"])
    if qty <= ZERO:
        raise ValidationError("not_positive", field="qty")
    unit = row["unit"] or lines[0]["base_unit"]
    if unit == lines[0]["base_unit"]:
        return qty
    factor: Decimal | None = next(
        (ln["base_qty"] / ln["qty"] for ln in lines if ln["unit"] == unit), None
    )
    if factor is None:
        raise ValidationError("unknown_unit", product=row["product"], unit=unit[:16])
    return qty * factor


def _picked_line(
    line: dict[str, Any], base_qty: Decimal, batch: str
) -> trade_documents.TradeLineInput:
    """``base_qty`` of a delivery line, in its unit when whole, with the batch picked."""
    factor = line["base_qty"] / line["qty"]
    whole = base_qty / factor == (base_qty / factor).to_integral_value()
    unit, qty = (line["unit"], base_qty / factor) if whole else (line["base_unit"], base_qty)
    same_batch = batch in ("", line["batch"] or "")
    terms: dict[str, Any] = {}
    if line["source_line"] is None:  # else its terms are the draft's (``keep_terms``)
        off = None
        if line["discount_rate"] is None and line["discount"]:
            off = share(line["discount"], base_qty, line["base_qty"])
        per_unit = line["price"]
        if per_unit is not None and not whole:
            per_unit = round_price(per_unit / factor)
        terms = {
            "price": per_unit,
            "tax_rate": line["tax_rate"],
            "discount_rate": line["discount_rate"],
            "discount": off,
        }
    return trade_documents.TradeLineInput(
        product=line["product"],
        qty=qty,
        unit=unit,
        source_line=line["source_line"],
        batch=batch or line["batch"] or None,
        production_date=line["production_date"] if same_batch else None,
        expiry=line["expiry"] if same_batch else None,
        remarks=line["remarks"] or "",
        **terms,
    )
