"""A product's sale prices (商品 › 价格): its price per price level (等级价) and per customer
(客户协议价). Each row is saved on its own; a bad value is shown on its row, nothing saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.catalog.price_levels import PRICE_LEVELS
from openjxc.domain.shared.errors import DomainError, NotFound, ValidationError
from openjxc.domain.shared.numbers import plain
from openjxc.domain.trading.tax import reference_price
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.templating import render
from openjxc.queries import partners as partner_queries
from openjxc.queries import products as product_queries
from openjxc.queries.trading import prices as queries
from openjxc.services.trading import prices

router = web_router(prefix="/products")
NEW = "new"  # the row that adds a customer price


def _shown(value: object) -> str:
    return "" if value is None else plain(value)  # type: ignore[arg-type]


def _customer_options(
    db: Session, actor: Actor, priced: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """Active customers without a price of their own for this product yet."""
    rows, _ = partner_queries.list_partners(
        db, actor, kind=PartnerKind.CUSTOMER, active=True, limit=500
    )
    taken = {r["partner"] for r in priced}
    return [(r["code"], f"{r['code']} {r['name']}") for r in rows if r["code"] not in taken]


def _page(
    request: Request,
    actor: Actor,
    db: Session,
    code: str,
    typed: dict[str, dict[str, str]] | None = None,
    errors: dict[str, FieldErrors] | None = None,
) -> Response:
    product = product_queries.get_product(db, actor, code)
    included = product_queries.prices_include_tax(db)
    typed = typed or {}

    def shown(key: str, net: Decimal | None) -> str:
        entered = typed.get(key, {}).get("price")
        return (
            _shown(reference_price(net, product["tax_rate"], included))
            if entered is None
            else entered
        )

    levels = [
        {**r, "shown": shown(f"level-{r['level']}", r["price"])}
        for r in queries.level_prices(db, actor, product["code"])
    ]
    priced = queries.customer_prices(db, actor, product["code"])
    customers = [{**r, "shown": shown(f"customer-{r['partner']}", r["price"])} for r in priced]
    can_set_customer = actor.can(Permission.CUSTOMER_WRITE)
    rows = {f"level-{r['level']}" for r in levels} | {f"customer-{r['partner']}" for r in customers}
    rows.add(f"customer-{NEW}")
    values = {
        "product": product,
        "shown_product": product_queries.as_shown(product, included),
        "prices_tax_included": included,
        "levels": levels,
        "customers": customers,
        "can_set_level": actor.can(Permission.CATALOG_WRITE),
        "can_set_customer": can_set_customer,
        "customer_options": _customer_options(db, actor, priced) if can_set_customer else [],
        "new_row": typed.get(f"customer-{NEW}", {}),
        "errors": errors or {},
        # a refusal for a row not on the page (a customer whose price was just removed)
        "stray": [e.summary for row, e in (errors or {}).items() if row not in rows],
    }
    return render(request, "products/prices.html", values, status=422 if errors else 200)


@router.get("/{code}/prices")
def product_prices(code: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """等级价 and 客户协议价 of a product, per base unit; 含税 when the company's 单价含税 is on."""
    return _page(request, actor, db, code)


@router.post("/{code}/prices/level/{level}")
def save_level_price(
    code: str, level: int, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """One level's price; empty removes it."""
    if not 1 <= level <= PRICE_LEVELS:
        raise NotFound("price_level", str(level))
    typed = {"price": forms.text(request.state.form, "price")}
    try:
        included = product_queries.prices_include_tax(db)
        prices.set_level_price(code, level, typed["price"] or None, actor, uow, included)
    except DomainError as error:
        row = f"level-{level}"
        errors = {row: FieldErrors(error, session.language(request))}
        return _page(request, actor, db, code, {row: typed}, errors)
    name = partner_queries.price_level_names(db)[level]
    session.say(request, N_("Price of level %(level)s saved."), level=f"{level} {name}")
    return RedirectResponse(f"/products/{code}/prices", status_code=303)


@router.post("/{code}/prices/customer")
def save_customer_price(
    code: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """A customer's own price (the add row names the customer); empty or 删除 removes it."""
    form = request.state.form
    partner = forms.text(form, "partner")
    typed = {"partner": partner, "price": forms.text(form, "price")}
    row = f"customer-{NEW if forms.checked(form, NEW) else partner}"
    removing = forms.checked(form, "remove")
    try:
        if not partner:
            raise ValidationError("required", field="partner")
        value = None if removing else typed["price"] or None
        if value is None and row.endswith(NEW):
            raise ValidationError("required", field="price")
        included = product_queries.prices_include_tax(db)
        prices.set_customer_price(partner, code, value, actor, uow, included)
    except DomainError as error:
        errors = {row: FieldErrors(error, session.language(request))}
        return _page(request, actor, db, code, {row: typed}, errors)
    message = (
        N_("Price for %(partner)s removed.")
        if value is None
        else N_("Price for %(partner)s saved.")
    )
    session.say(request, message, partner=partner)
    return RedirectResponse(f"/products/{code}/prices", status_code=303)
