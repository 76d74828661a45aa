"""Products (商品): list with search and filters, create and edit with units and barcodes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.sale_prices import sees_sale_prices
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared.errors import DomainError
from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.templating import render
from openjxc.queries import categories as category_queries
from openjxc.queries import products as queries
from openjxc.queries import stock_settings as stock_setting_queries
from openjxc.queries.rows import fields_of
from openjxc.services import products as service
from openjxc.services import stock_settings

router = web_router(prefix="/products")
PAGE = 50
Search = Annotated[str | None, Query(max_length=100)]


@router.get("")
def list_products(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    q: Search = None,
    active: Annotated[str | None, Query(max_length=5)] = None,
    category: Annotated[str | None, Query(max_length=32)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Products by code, searchable by code, name, barcode or 拼音 initials."""
    flag = {"yes": True, "no": False}.get(active or "")
    rows, count = queries.list_products(
        db, actor, q=q, active=flag, category=category or None, limit=PAGE, offset=offset
    )
    shown = queries.prices_include_tax(db)
    values = {
        "rows": [queries.as_shown(r, shown) for r in rows],
        "prices_tax_included": shown,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "filters": {"q": q or "", "active": active or "", "category": category or ""},
        "categories": category_options(db, actor),
    }
    return render(request, "products/list.html", values, block="results")


@router.get("/new")
def new_product(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """An empty product form."""
    actor.require(Permission.CATALOG_WRITE)
    values = {"base_unit_decimals": "0", "tax_rate": "13%", "active": True, "units": []}
    return _form(request, actor, db, values, FieldErrors(), None)


@router.post("/new")
def create_product(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Create the product, or show the form again with the refusal beside the field."""
    form = _values(request)
    try:
        product = service.create_product(_data(form, queries.prices_include_tax(db)), actor, uow)
    except DomainError as error:
        return _form(request, actor, db, form, FieldErrors(error, _lang(request)), None, 422)
    session.say(request, "Product %(code)s saved.", code=product.code)
    return RedirectResponse(f"/products/{product.code}", status_code=303)


LEVELS = ("safety_stock", "reorder_point", "max_stock", "strategic_reserve")


def _levels_page(
    request: Request,
    actor: Actor,
    db: Session,
    code: str,
    typed: dict[str, dict[str, str]] | None = None,
    errors: dict[str, FieldErrors] | None = None,
) -> Response:
    product = queries.get_product(db, actor, code)
    rows = []
    for row in stock_setting_queries.list_stock_settings(db, actor, product["code"]):
        levels = fields_of(row)
        shown = {k: plain(v) if isinstance(v := levels[k], Decimal) else "" for k in LEVELS}
        rows.append({**levels, **shown, **(typed or {}).get(row.warehouse, {})})
    values = {
        "product": product,
        "rows": rows,
        "errors": errors or {},
        "editable": actor.can(Permission.STOCK_SETTING_WRITE),
    }
    return render(request, "products/levels.html", values, status=422 if errors else 200)


@router.get("/{code}/stock-levels")
def stock_levels(code: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """安全库存 per warehouse: safety stock, reorder point, maximum and strategic reserve."""
    return _levels_page(request, actor, db, code)


@router.post("/{code}/stock-levels/{warehouse}")
def save_stock_levels(
    code: str,
    warehouse: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    uow: UowDep,
) -> Response:
    """One warehouse's levels; all empty removes them. A bad value is shown on its row."""
    form = request.state.form
    typed = {k: forms.text(form, k) for k in LEVELS}
    try:
        stock_settings.set_stock_setting(
            code,
            warehouse,
            typed["safety_stock"],
            typed["reorder_point"],
            typed["max_stock"],
            actor,
            uow,
            strategic_reserve=typed["strategic_reserve"],
        )
    except DomainError as error:
        errors = {warehouse: FieldErrors(error, _lang(request))}
        return _levels_page(request, actor, db, code, {warehouse: typed}, errors)
    session.say(request, "%(key)s saved.", key=f"{code} · {warehouse}")
    return RedirectResponse(f"/products/{code}/stock-levels", status_code=303)


@router.get("/{code}")
def edit_product(code: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """The product form, filled in."""
    product = queries.as_shown(queries.get_product(db, actor, code), queries.prices_include_tax(db))
    values = {
        **product,
        "barcodes": "\n".join(product["barcodes"]),
        "units": [{**u, "factor": plain(u["factor"])} for u in product["units"]],
        "category": product["category"] or "",
        "tax_rate": forms.percent(product["tax_rate"]),
    }
    return _form(request, actor, db, values, FieldErrors(), product["code"])


@router.post("/{code}")
def update_product(
    code: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save the changes; units and barcodes are replaced as a whole."""
    form = _values(request)
    data = _data(form, queries.prices_include_tax(db))
    changes = {k: v for k, v in data.__dict__.items() if k != "code"}
    if not actor.can(Permission.PRICE_READ):
        changes.pop("purchase_price")  # never seen, so never overwritten
    try:
        product = service.update_product(code, changes, actor, uow)
    except DomainError as error:
        return _form(request, actor, db, form, FieldErrors(error, _lang(request)), code, 422)
    session.say(request, "Product %(code)s saved.", code=product.code)
    return RedirectResponse(f"/products/{product.code}", status_code=303)


def _lang(request: Request) -> str:
    return session.language(request)


def _values(request: Request) -> dict[str, Any]:
    """The submitted form as the template's values (units as rows)."""
    form: FormData = request.state.form
    units = [
        {"name": r["unit_name"], "factor": r["unit_factor"], "barcode": r["unit_barcode"]}
        for r in forms.rows(form, "unit_name", "unit_factor", "unit_barcode")
    ]
    fields = [
        "code",
        "name",
        "spec",
        "category",
        "base_unit",
        "base_unit_decimals",
        "tracking",
        "shelf_life_days",
        "valuation_method",
        "tax_rate",
        "list_price",
        "purchase_price",
        "min_sale_price",
        "barcodes",
    ]
    return {
        **{f: forms.text(form, f) for f in fields},
        "active": forms.checked(form, "active"),
        "units": units,
    }


def _data(values: dict[str, Any], tax_included: bool) -> service.ProductData:
    barcodes = tuple(b.strip() for b in values["barcodes"].replace(",", "\n").splitlines())
    return service.ProductData(
        code=values["code"] or None,
        name=values["name"],
        spec=values["spec"],
        category=values["category"] or None,
        base_unit=values["base_unit"],
        base_unit_decimals=values["base_unit_decimals"] or 0,
        units=tuple(
            UnitSpec(u["name"], u["factor"], u["barcode"] or None) for u in values["units"]
        ),
        barcodes=tuple(b for b in barcodes if b),
        tracking=values["tracking"] or "none",
        shelf_life_days=values["shelf_life_days"] or None,
        valuation_method=values["valuation_method"] or "moving_average",
        tax_rate=values["tax_rate"] or None,
        list_price=values["list_price"] or None,
        purchase_price=values["purchase_price"] or None,
        min_sale_price=values["min_sale_price"] or None,
        active=values["active"],
        prices_tax_included=tax_included,
    )


def category_options(db: ReadSession, actor: Actor) -> list[tuple[str, str]]:
    rows, _count = category_queries.list_categories(db, actor, limit=500)
    return [(r["code"], f"{r['code']} {r['name']}") for r in rows]


def _form(
    request: Request,
    actor: Actor,
    db: ReadSession,
    values: dict[str, Any],
    errors: FieldErrors,
    code: str | None,
    status: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "code": code,
        "categories": category_options(db, actor),
        "sees_cost": actor.can(Permission.PRICE_READ),
        "can_write": actor.can(Permission.CATALOG_WRITE),
        "sees_prices": sees_sale_prices(actor),
        "prices_tax_included": queries.prices_include_tax(db),
    }
    return render(request, "products/form.html", context, status=status)
