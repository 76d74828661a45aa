"""移动扫码 拣货: scan what is picked for a draft sales delivery and write it onto the
delivery (``services.trading.picking.pick_delivery``, the rule in ``domain.trading.picking``):
its lines become the picked quantities, one line per batch, each keeping its order line and
agreed price."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError
from openjxc.domain.shared.numbers import plain
from openjxc.domain.trading import flow
from openjxc.domain.trading.picking import Scan
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
from openjxc.queries.trading.picking import pick_version
from openjxc.services.trading.picking import pick_delivery

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
        "expected": merged(db, expected),
        "save_url": f"/mobile/pick/{delivery['number']}" if may_save else "",
        "note": note,
        "version": pick_version(delivery),
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


@router.post("/pick/{number}")
def save_pick(number: str, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Write what was picked to the draft delivery: its lines become the picked quantities."""
    try:
        scans = [
            Scan(row["product"], row["qty"], row["batch"], row["unit"])
            for row in scanned_rows(request)
        ]
        version = forms.text(request.state.form, "version") or None
        doc = pick_delivery(number, scans, version, actor, uow)
    except DomainError as error:
        return error_json(request, error)
    return saved_json(request, doc.number)
