"""移动扫码: scanning on a phone or PDA — receive a purchase order, pick a delivery, count a
stocktake, or receive freely into a warehouse.

Scans resolve through the bill editor's ``/lookup/barcode`` (receive, pick, free receipt) and
the stocktake's ``scan_barcode`` service (count), so a code means the same thing everywhere.
What was scanned is saved through the same document services as the bill editor: a receipt
as a new draft, a pick as the draft delivery's new lines.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import JSONResponse

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, DomainError, NotFound, ValidationError
from openjxc.domain.shared.numbers import ZERO, plain, quantity, round_price
from openjxc.domain.trading import flow
from openjxc.domain.trading.orders import OPEN, allowed
from openjxc.domain.trading.tax import share
from openjxc.entrypoints.api.errors import STATUS
from openjxc.entrypoints.messages import describe
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries
from openjxc.queries import stock as stock_queries
from openjxc.queries import stocktakes as stocktake_queries
from openjxc.queries.refs import id_of
from openjxc.services.inventory import documents as stock_documents
from openjxc.services.inventory import stocktake_counts as counting
from openjxc.services.trading import documents as trade_documents
from openjxc.services.trading.settings import get_trade_settings

router = web_router(prefix="/mobile")

SCAN_FIELDS = ("scan_product", "scan_unit", "scan_qty", "scan_batch")


def _error(request: Request, error: DomainError, **extra: Any) -> JSONResponse:
    """A refused scan or save as JSON: the message and each line's message."""
    body = describe(error, session.language(request))
    lines = {d["line_no"]: d["message"] for d in body["details"] if "line_no" in d}
    text = " ".join([body["message"], *[d["message"] for d in body["details"] if "message" in d]])
    return JSONResponse(
        {"error": text, "lines": lines, **extra}, status_code=STATUS.get(error.kind, 400)
    )


def _documents(db: ReadSession, actor: Actor, kind: str, statuses: set[str]) -> list[Any]:
    rows, _ = queries.list_documents(db, actor, type=kind, limit=200)
    return [r for r in rows if r["status"] in statuses][:50]


def _messages(request: Request) -> dict[str, str]:
    t = Translator(session.language(request))
    return {
        "added": t("Added"),
        "unknown": t("Unknown code"),
        "not_on_document": t("Not on this document"),
        "over": t("More than expected"),
        "saved": t("Saved"),
        "camera_failed": t("The camera could not be started."),
        "network": t("No connection: the scan was not recorded."),
        "which_batch": t("Which batch?"),
        "batch": t("Batch"),
    }


def _page(request: Request, task: str, values: dict[str, Any]) -> Response:
    base: dict[str, Any] = {
        "task": task,
        "messages": _messages(request),
        "doc": None,
        "warehouse_label": "",
        "note": "",
        "expected": [],
        "counted": [],
        "save_url": "",
        "scan_url": "",
        "version": "",
    }
    return render(request, "mobile/scan.html", {**base, **values})


@router.get("")
def choose_task(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """The task chooser: open purchase orders, draft deliveries and stocktakes, warehouses."""
    actor.require(Permission.STOCK_READ)
    open_orders = {s.value for s in OPEN}
    values = {
        "orders": _documents(db, actor, DocumentType.PURCHASE_ORDER.value, open_orders),
        "deliveries": _documents(db, actor, DocumentType.SALES_DELIVERY.value, {"draft"}),
        "stocktakes": _documents(db, actor, DocumentType.STOCKTAKE.value, {"draft"}),
        "warehouses": warehouse_options(db, actor),
    }
    return render(request, "mobile/tasks.html", values)


def _trade(db: ReadSession, actor: Actor, number: str, kind: DocumentType) -> dict[str, Any]:
    doc = queries.get_document(db, actor, number)
    if doc["type"] != kind.value:
        raise NotFound("document", number)
    return doc


@router.get("/receive/{number}")
def receive(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """收货: scan what arrived against an approved purchase order's open quantities."""
    order = _trade(db, actor, number, DocumentType.PURCHASE_ORDER)
    tolerance = get_trade_settings(uow).over_receipt_tolerance
    expected = [
        {
            "product": ln["product"],
            "product_name": ln["product_name"],
            "unit": ln["base_unit"],
            "expected": plain(max(ln["base_qty"] - ln.get("done_qty", ZERO), ZERO)),
            "limit": plain(allowed(ln["base_qty"], tolerance) - ln.get("done_qty", ZERO)),
        }
        for ln in order["lines"]
    ]
    may_save = flow.may_write(actor, DocumentType.PURCHASE_RECEIPT)
    values = {
        "doc": order,
        "expected": _merged(expected),
        "save_url": f"/mobile/receive/{order['number']}" if may_save else "",
        "note": "" if may_save else N_("Check the goods here; a purchaser saves the receipt."),
    }
    return _page(request, "receive", values)


def _merged(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One expected row per product (an order may list a product twice)."""
    rows: dict[str, dict[str, Any]] = {}
    for line in lines:
        row = rows.get(line["product"])
        if row is None:
            rows[line["product"]] = dict(line)
        else:
            for key in ("expected", "limit"):
                row[key] = plain(Decimal(row[key]) + Decimal(line[key]))
    return list(rows.values())


@router.post("/receive/{number}")
def save_receipt(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save the scanned quantities as a draft purchase receipt against the order's lines."""
    try:
        order = _trade(db, actor, number, DocumentType.PURCHASE_ORDER)
        lines = _source_lines(order, _scanned(request))
        data = trade_documents.TradeInput(
            type=DocumentType.PURCHASE_RECEIPT.value,
            date=clock.today(),
            warehouse=order["warehouse"],
            partner=order["partner"],
            lines=lines,
        )
        doc = trade_documents.create_trade_document(data, actor, uow)
    except DomainError as error:
        return _error(request, error)
    return _saved(request, doc.number)


def _scanned(request: Request) -> list[dict[str, str]]:
    rows = forms.rows(request.state.form, *SCAN_FIELDS)
    scanned = [{k.removeprefix("scan_"): v for k, v in r.items()} for r in rows if r["scan_qty"]]
    if not scanned:
        raise ValidationError("document_has_no_lines", number="")
    return scanned


def _source_lines(
    order: dict[str, Any], scanned: list[dict[str, str]]
) -> list[trade_documents.TradeLineInput]:
    """Each scanned product on the order's first line of that product."""
    line_of = {}
    for ln in reversed(order["lines"]):
        line_of[ln["product"]] = ln["id"]
    result = []
    for row in scanned:
        if row["product"] not in line_of:
            raise ValidationError("unknown_reference", field="product", value=row["product"])
        result.append(
            trade_documents.TradeLineInput(
                product=row["product"],
                qty=row["qty"],
                unit=row["unit"] or None,
                source_line=line_of[row["product"]],
                batch=row["batch"] or None,
            )
        )
    return result


def _saved(request: Request, number: str) -> JSONResponse:
    session.say(request, "%(number)s saved.", number=number)
    return JSONResponse({"number": number, "url": f"/documents/{number}"})


@router.get("/pick/{number}")
def pick(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """拣货: scan what is picked for a draft sales delivery; the list shows what is missing."""
    delivery = _trade(db, actor, number, DocumentType.SALES_DELIVERY)
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
        "expected": _merged(expected),
        "save_url": f"/mobile/pick/{delivery['number']}" if may_save else "",
        "note": note,
        "version": _version(delivery),
    }
    return _page(request, "pick", values)


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
        delivery = _trade(db, actor, number, DocumentType.SALES_DELIVERY)
        version = forms.text(request.state.form, "version")
        if version and version != _version(delivery):
            raise Conflict("document_changed", number=delivery["number"])
        data = trade_documents.TradeInput(
            type=DocumentType.SALES_DELIVERY.value,
            date=delivery["date"],
            warehouse=delivery["warehouse"],
            partner=delivery["partner"],
            lines=_picked_lines(delivery, _scanned(request)),
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
        return _error(request, error)
    return _saved(request, doc.number)


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


@router.get("/count/{number}")
def count(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """盘点: every scan is recorded on the stocktake at once."""
    doc = stocktake_queries.get_stocktake(db, actor, number)
    values = {
        "doc": doc,
        "counted": _counted(doc),
        "scan_url": f"/mobile/count/{doc['number']}/scan",
    }
    return _page(request, "count", values)


def _counted(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines counted so far, one per product and batch, as the page lists them."""
    rows: dict[str, dict[str, Any]] = {}
    for ln in doc["lines"]:
        if ln.get("counted_qty") is None:
            continue
        batch = ln.get("batch") or ""
        key = f"{ln['product']} {batch}".strip()
        row = rows.setdefault(
            key,
            {
                "key": key,
                "product": ln["product"],
                "product_name": ln["product_name"],
                "batch": batch,
                "unit": ln["base_unit"],
                "qty": ZERO,
            },
        )
        row["qty"] += ln["counted_qty"]
    return [{**r, "qty": plain(r["qty"])} for r in rows.values()]


def _batches_to_ask(doc: dict[str, Any], product: str) -> dict[str, Any]:
    """What the page asks after scanning a batch-tracked product: the stocktake's batches of
    it (in stock at the snapshot, or counted since) with what is counted so far."""
    lines = [ln for ln in doc["lines"] if ln["product"] == product and ln.get("batch")]
    return {
        "product": product,
        "product_name": lines[0]["product_name"] if lines else "",
        "batches": [
            {"batch": ln["batch"], "counted": plain(ln["counted_qty"] or ZERO)} for ln in lines
        ],
    }


@router.post("/count/{number}/scan")
def count_scan(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """One scan adds one of the barcode's unit to the stocktake; answers the product's count."""
    code = forms.text(request.state.form, "barcode")
    batch = forms.text(request.state.form, "batch") or None
    try:
        doc = counting.scan_barcode(number, code, "1", actor, uow, batch=batch)
    except DomainError as error:
        if error.code == "batch_required" and batch is None:  # ask which batch, then rescan
            stocktake = stocktake_queries.get_stocktake(db, actor, number)
            ask = _batches_to_ask(stocktake, str(error.params["product"]))
            return _error(request, error, need_batch=ask)
        return _error(request, error)
    db.expire_all()
    counted = _counted(stocktake_queries.get_stocktake(db, actor, doc.number))
    return JSONResponse({"code": code, "batch": batch or "", "lines": counted})


@router.get("/receipt")
def free_receipt(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    warehouse: Annotated[str, Query(min_length=1, max_length=32)],
) -> Response:
    """其他入库: scan goods into a warehouse without an order."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    options = dict(warehouse_options(db, actor))
    if warehouse not in options:
        raise NotFound("warehouse", warehouse)
    values = {
        "warehouse": warehouse,
        "warehouse_label": options[warehouse],
        "save_url": f"/mobile/receipt?warehouse={warehouse}",
    }
    return _page(request, "receipt", values)


@router.post("/receipt")
def save_free_receipt(
    request: Request,
    actor: CurrentUser,
    uow: UowDep,
    warehouse: Annotated[str, Query(min_length=1, max_length=32)],
) -> Response:
    """Save the scanned quantities as a draft 其他入库 (QTRK) of the warehouse."""
    try:
        lines = [
            stock_documents.LineInput(
                product=r["product"], qty=r["qty"], unit=r["unit"] or None, batch=r["batch"] or None
            )
            for r in _scanned(request)
        ]
        data = stock_documents.DocumentInput(
            type=DocumentType.OTHER_RECEIPT.value,
            date=clock.today(),
            warehouse=warehouse,
            lines=lines,
            reason="other",
        )
        doc = stock_documents.create_document(data, actor, uow)
    except DomainError as error:
        return _error(request, error)
    return _saved(request, doc.number)
