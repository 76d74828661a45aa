"""Sale prices: customer prices, price-level prices, the default price of a line, and the
minimum-price rule (selling below 最低售价 needs a permission and is audited)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.sale_prices import require_sale_prices, sees_sale_prices
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Product
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, plain, price, round_money, round_price
from openjxc.domain.trading import flow
from openjxc.domain.trading.pricing import PriceCandidates, below_minimum, resolve
from openjxc.domain.trading.tax import parse_tax_rate, price_with_tax, price_without_tax
from openjxc.services import lookup
from openjxc.services.retry import retry_transient
from openjxc.services.trading.settings import use_last_price
from openjxc.services.unit_of_work import UnitOfWork


def default_sale_price(
    uow: UnitOfWork, partner: Partner, product: Product
) -> tuple[Decimal, str] | None:
    """Per base unit, tax-exclusive, and its source (customer, last, level, list)."""
    assert partner.id is not None and product.id is not None
    level = (
        uow.prices.level_price(product.id, partner.price_level)
        if partner.price_level is not None
        else None
    )
    candidates = PriceCandidates(
        customer=uow.prices.customer_price(partner.id, product.id),
        last=uow.prices.last_sale_price(partner.id, product.id),
        level=level,
        list=product.list_price,
    )
    return resolve(candidates, use_last_price(uow))


def offered_price(
    uow: UnitOfWork,
    kind: DocumentType,
    partner: Partner | None,
    product: Product,
    factor: Decimal,
    tax_rate: Decimal,
    tax_included: bool,
) -> Decimal | None:
    """The price a trading line gets when none is typed, per entered unit (``factor`` base
    units), on the document's basis: 含税单价 when ``tax_included``, else tax-exclusive.

    The one place a default price is converted: the editor offers this price and the service
    applies it, so an untyped line is priced as if its offered price had been typed.
    """
    if kind in flow.PURCHASING:
        base = product.purchase_price
    else:
        base = None if partner is None else _found(default_sale_price(uow, partner, product))
    if base is None:
        return None
    net = base * factor
    return price_with_tax(net, tax_rate) if tax_included else net


def _found(found: tuple[Decimal, str] | None) -> Decimal | None:
    return None if found is None else found[0]


def check_minimum_prices(
    uow: UnitOfWork, doc: Document, actor: Actor, authorised: bool = False
) -> None:
    """Refuse sale lines below the product's minimum price unless the caller may, or the steps
    of a ``below_min_price`` approval rule were taken (``authorised``); audit it."""
    low = lines_below_minimum(uow, doc)
    if not low:
        return
    if not (authorised or actor.can(Permission.BELOW_MIN_PRICE)):
        first = {k: v for k, v in low[0].items() if k != "code"}
        raise ValidationError("below_min_price", details=low, **first)
    uow.audit.record(
        actor, "document.below_min_price", "document", doc.number, after={"lines": low}
    )


def lines_below_minimum(uow: UnitOfWork, doc: Document) -> list[dict[str, Any]]:
    """The sale lines priced under their product's minimum price (none on returns)."""
    if doc.type not in flow.SALES or doc.type in flow.RETURNS:
        return []
    low: list[dict[str, Any]] = []
    minimums = uow.prices.min_prices([ln.product_id for ln in doc.active_lines])
    for line in doc.active_lines:
        minimum = minimums.get(line.product_id)
        sold_at = _net_unit_price(line)
        if sold_at is None or not _sold_below(line, sold_at, minimum):
            continue
        product = uow.products.get(line.product_id)
        assert product is not None and minimum is not None
        low.append(
            {
                "code": "below_min_price",
                "line_no": line.line_no,
                "product": product.code,
                "price": plain(sold_at),
                "minimum": plain(minimum),
            }
        )
    return low


def _sold_below(line: DocumentLine, sold_at: Decimal, minimum: Decimal | None) -> bool:
    if minimum is None or line.net_amount is None:
        return below_minimum(sold_at, minimum)
    # compared in cents, as the line was: 3 at a minimum of 0.333333 may sell for 1.00
    return line.net_amount < round_money(minimum * line.base_qty)


def _net_unit_price(line: DocumentLine) -> Decimal | None:
    """What a base unit really sells for: after its line discount and its order discount share
    (a discount must not slip a sale under the minimum price), tax-exclusive."""
    if line.net_amount is not None and line.base_qty > ZERO:
        return round_price(line.net_amount / line.base_qty)
    return None if line.price is None else round_price(line.price / line.factor)


@retry_transient
def set_customer_price(
    partner_ref: str | int,
    product_ref: str | int,
    value: object | None,
    actor: Actor,
    uow: UnitOfWork,
    tax_included: bool = False,
) -> None:
    """A customer's own price of a product (None removes it); ``tax_included``: ``value`` is
    含税, stored tax-exclusive at the product's tax rate."""
    actor.require(Permission.CUSTOMER_WRITE)
    typed = _price_or_none(value)
    with uow:
        partner: Partner = lookup.resolve(uow.partners, partner_ref, "partner")
        product: Product = lookup.resolve(uow.products, product_ref, "product")
        amount = _stored(typed, product, tax_included)
        uow.prices.set_customer_price(partner.id or 0, product.id or 0, amount)
        uow.audit.record(
            actor,
            "price.customer",
            "partner",
            partner.code,
            after={"product": product.code, "price": None if amount is None else plain(amount)},
        )
        uow.commit()


@retry_transient
def set_level_price(
    product_ref: str | int,
    level: int,
    value: object | None,
    actor: Actor,
    uow: UnitOfWork,
    tax_included: bool = False,
) -> None:
    """A product's price for customers of a price level (None removes it); ``tax_included``:
    ``value`` is 含税, stored tax-exclusive at the product's tax rate."""
    actor.require(Permission.CATALOG_WRITE)
    if not 1 <= level <= 10:
        raise ValidationError("out_of_range", field="price_level", minimum="1", maximum="10")
    typed = _price_or_none(value)
    with uow:
        product: Product = lookup.resolve(uow.products, product_ref, "product")
        amount = _stored(typed, product, tax_included)
        uow.prices.set_level_price(product.id or 0, level, amount)
        uow.audit.record(
            actor,
            "price.level",
            "product",
            product.code,
            after={"level": level, "price": None if amount is None else plain(amount)},
        )
        uow.commit()


def _stored(typed: Decimal | None, product: Product, tax_included: bool) -> Decimal | None:
    if typed is None or not tax_included:
        return typed
    return price_without_tax(typed, product.tax_rate)


def _price_or_none(value: object | None) -> Decimal | None:
    """A price to set (never below zero), or None to remove it."""
    if value is None:
        return None
    amount = price(value, "price")
    if amount < ZERO:
        raise ValidationError("negative", field="price")
    return amount


def quote_price(
    partner_ref: str | int, product_ref: str | int, actor: Actor, uow: UnitOfWork
) -> tuple[Decimal, str] | None:
    """The default sale price of a product for a customer (per base unit, ex tax): for who
    may see sale prices only."""
    actor.require(Permission.CATALOG_READ)
    require_sale_prices(actor)
    with uow:
        partner: Partner = lookup.resolve(uow.partners, partner_ref, "partner")
        product: Product = lookup.resolve(uow.products, product_ref, "product")
        return default_sale_price(uow, partner, product)


def quote_line_price(
    kind: str,
    partner_ref: str | int | None,
    product_ref: str | int,
    unit: str | None,
    tax_rate: object | None,
    tax_included: bool,
    actor: Actor,
    uow: UnitOfWork,
) -> Decimal | None:
    """The price :func:`offered_price` gives a line of ``kind`` (None for who may not see it:
    sale prices without a sale-price permission, purchase prices without ``price.read``).

    ``tax_rate`` as typed on the line ("13", "13%", 0.13), else the partner's or product's."""
    actor.require(Permission.CATALOG_READ)
    try:
        doc_type = DocumentType(kind)
    except ValueError:
        raise ValidationError("invalid_choice", field="type", value=str(kind)[:32]) from None
    if doc_type in flow.PURCHASING:
        if not actor.can(Permission.PRICE_READ):
            return None
    elif doc_type not in flow.SALES or not partner_ref or not sees_sale_prices(actor):
        return None
    with uow:
        product: Product = lookup.resolve(uow.products, product_ref, "product")
        partner: Partner | None = (
            lookup.resolve(uow.partners, partner_ref, "partner") if partner_ref else None
        )
        if tax_rate is not None and tax_rate != "":
            rate = parse_tax_rate(tax_rate)
        elif partner is not None and partner.tax_rate is not None:
            rate = partner.tax_rate
        else:
            rate = product.tax_rate
        factor = product.factor_of(unit or None)
        return offered_price(uow, doc_type, partner, product, factor, rate, tax_included)
