"""移动扫码: scanning on a phone or PDA — receive a purchase order, pick a delivery, count a
stocktake, or receive freely into a warehouse.

Scans resolve through the bill editor's ``/lookup/barcode`` (receive, pick, free receipt) and
the stocktake's ``scan_barcode`` service (count), so a code means the same thing everywhere.
What was scanned is saved through the same document services as the bill editor: a receipt
onto the order's open draft receipt or a new one (``services.trading.receiving``), a pick as the draft delivery's new lines (``mobile_pick``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import JSONResponse

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.units import mixed_quantity
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, NotFound, ValidationError
from openjxc.domain.shared.numbers import ZERO, plain
from openjxc.domain.trading import flow
from openjxc.domain.trading.orders import OPEN, allowed
from openjxc.entrypoints.api.errors import STATUS
from openjxc.entrypoints.messages import describe
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries
from openjxc.queries import stocktakes as stocktake_queries
from openjxc.queries.units import units_by_code
from openjxc.services.inventory import documents as stock_documents
from openjxc.services.inventory import stocktake_counts as counting
from openjxc.services.trading import documents as trade_documents
from openjxc.services.trading.receiving import receive_order
from openjxc.services.trading.settings import get_trade_settings

router = web_router(prefix="/mobile")

SCAN_FIELDS = ("scan_product", "scan_unit", "scan_qty", "scan_batch")


def error_json(request: Request, error: DomainError, **extra: Any) -> JSONResponse:
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


def scan_page(request: Request, task: str, values: dict[str, Any]) -> Response:
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


def trade_document(
    db: ReadSession, actor: Actor, number: str, kind: DocumentType
) -> dict[str, Any]:
    doc = queries.get_document(db, actor, number)
    if doc["type"] != kind.value:
        raise NotFound("document", number)
    return doc


@router.get("/receive/{number}")
def receive(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """收货: scan what arrived against an approved purchase order's open quantities."""
    order = trade_document(db, actor, number, DocumentType.PURCHASE_ORDER)
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
        "expected": merged(db, expected),
        "save_url": f"/mobile/receive/{order['number']}" if may_save else "",
        "note": "" if may_save else N_("Check the goods here; a purchaser saves the receipt."),
    }
    return scan_page(request, "receive", values)


def merged(db: ReadSession, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One expected row per product (an order may list a product twice), with what is
    expected as people count it (20袋 next to 500 kg)."""
    rows: dict[str, dict[str, Any]] = {}
    for line in lines:
        row = rows.get(line["product"])
        if row is None:
            rows[line["product"]] = dict(line)
        else:
            for key in ("expected", "limit"):
                row[key] = plain(Decimal(row[key]) + Decimal(line[key]))
    units = units_by_code(db, rows)
    for code, row in rows.items():
        shown = units.get(code, [])
        row["expected_in_units"] = mixed_quantity(Decimal(row["expected"]), row["unit"], shown)
    return list(rows.values())


@router.post("/receive/{number}")
def save_receipt(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save the scanned quantities onto the order's open draft receipt (or a new one)."""
    try:
        order = trade_document(db, actor, number, DocumentType.PURCHASE_ORDER)
        lines = _source_lines(order, scanned_rows(request))
        doc = receive_order(number, lines, actor, uow)
    except DomainError as error:
        return error_json(request, error)
    return saved_json(request, doc.number)


def scanned_rows(request: Request) -> list[dict[str, str]]:
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


def saved_json(request: Request, number: str) -> JSONResponse:
    session.say(request, "%(number)s saved.", number=number)
    return JSONResponse({"number": number, "url": f"/documents/{number}"})


@router.get("/count/{number}")
def count(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """盘点: every scan is recorded on the stocktake at once."""
    doc = stocktake_queries.get_stocktake(db, actor, number)
    values = {
        "doc": doc,
        "counted": _counted(doc),
        "scan_url": f"/mobile/count/{doc['number']}/scan",
    }
    return scan_page(request, "count", values)


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
            return error_json(request, error, need_batch=ask)
        return error_json(request, error)
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
    return scan_page(request, "receipt", values)


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
            for r in scanned_rows(request)
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
        return error_json(request, error)
    return saved_json(request, doc.number)
