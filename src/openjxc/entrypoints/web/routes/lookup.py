"""Pickers for the bill editor: product search (htmx fragment), barcode lookup and the
batches of an issue line (JSON)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import as_entered, plain
from openjxc.entrypoints.messages import render as message
from openjxc.entrypoints.web import session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import products as product_queries
from openjxc.queries import stock as stock_queries
from openjxc.queries.refs import id_of
from openjxc.services.trading import prices

router = web_router(prefix="/lookup")


def line_product(product: dict[str, Any]) -> dict[str, Any]:
    """What a line of the editor needs to know about its product."""
    return {
        "product": product["code"],
        "product_name": product["name"],
        "base_unit": product["base_unit"],
        "units": [product["base_unit"], *(u["name"] for u in product["units"])],
        "tracking": product["tracking"],
        # the rate a trading line gets when neither it nor its partner names one, in %
        "product_tax_rate": plain(product["tax_rate"] * 100) if product.get("tax_rate") else "",
    }


def products_by_code(session: Session, actor: Actor, codes: list[str]) -> dict[str, Any]:
    """Line data for each product code that exists (for redisplaying a grid)."""
    found: dict[str, Any] = {}
    for code in dict.fromkeys(c for c in codes if c):
        try:
            found[code] = line_product(product_queries.get_product(session, actor, code))
        except NotFound:
            continue
    return found


@router.get("/products")
def search_products(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Up to 10 active products matching code, name, barcode or 拼音 initials."""
    rows: list[dict[str, Any]] = []
    if q and q.strip():
        rows, _count = product_queries.list_products(db, actor, q=q, active=True, limit=10)
    picks = [{**line_product(r), "spec": r["spec"]} for r in rows]
    return render(request, "documents/picker.html", {"picks": picks, "q": q or ""})


@router.get("/barcode")
def scan(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    code: Annotated[str, Query(min_length=1, max_length=64)],
) -> Response:
    """A scanned code: a barcode (of any unit) or a product code; the unit it stands for."""
    code = code.strip()
    try:
        match = product_queries.find_by_barcode(db, actor, code)
        product, unit, factor = match["product"], match["unit"], match["factor"]
    except NotFound:
        try:
            product = product_queries.get_product(db, actor, code)
        except NotFound:
            text = message("unknown_barcode", {"value": code}, session.language(request))
            return JSONResponse({"error": text}, status_code=404)
        unit, factor = product["base_unit"], 1
    if not product["active"]:
        text = message("inactive", {"field": "product", "value": product["code"]}, actor.language)
        return JSONResponse({"error": text}, status_code=422)
    return JSONResponse({**line_product(product), "unit": unit, "factor": plain(factor)})


@router.get("/price")
def default_price(
    actor: CurrentUser,
    uow: UowDep,
    type: Annotated[str, Query(max_length=32)],
    product: Annotated[str, Query(min_length=1, max_length=32)],
    unit: Annotated[str, Query(max_length=16)] = "",
    partner: Annotated[str, Query(max_length=32)] = "",
    tax_rate: Annotated[str, Query(max_length=16)] = "",
    tax_included: bool = False,
) -> Response:
    """The price (per ``unit``) a trading line gets when none is typed, on the document's
    basis: 含税单价 when ``tax_included``, as the service applies it (prices.offered_price)."""
    try:
        found = prices.quote_line_price(
            type, partner or None, product, unit, tax_rate or None, tax_included, actor, uow
        )
    except ValidationError:  # a unit or rate still being typed: no price to offer yet
        found = None
    return JSONResponse({"price": None if found is None else as_entered(found)})


def batch_choices(
    db: Session, actor: Actor, product: str, warehouse: str, day: date
) -> list[dict[str, Any]]:
    """The product's batches with stock in ``warehouse``, FEFO order, as an issue line offers
    them: available is nothing while on hold; expired means before ``day``."""
    rows = stock_queries.batch_balances(
        db,
        actor,
        product_id=id_of(db, "product", product),
        warehouse_id=id_of(db, "warehouse", warehouse),
    )
    return [
        {
            "batch": r["batch"],
            "expiry": r["expiry_date"].isoformat() if r["expiry_date"] else "",
            "available": plain(Decimal(0) if r["on_hold"] else r["on_hand"]),
            "expired": r["expiry_date"] is not None and r["expiry_date"] < day,
            "on_hold": bool(r["on_hold"]),
        }
        for r in rows
        if r["on_hand"] > 0
    ]


@router.get("/batches")
def batches(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    product: Annotated[str, Query(min_length=1, max_length=32)],
    warehouse: Annotated[str, Query(min_length=1, max_length=32)],
    day: date | None = None,
) -> Response:
    """批次选择: an issue line's batches in its warehouse (an empty choice means FEFO)."""
    try:
        rows = batch_choices(db, actor, product, warehouse, day or clock.today())
    except ValidationError as error:
        text = message(error.code, error.params, session.language(request))
        return JSONResponse({"error": text}, status_code=422)
    return JSONResponse({"batches": rows})
