"""The money of trading lines: price, line discount, tax, and the order discount's shares.

A line copied from a source line that carries fixed discounts (a line discount given as an
amount, 折扣额, or a share of 整单优惠) keeps the source's terms: its amounts are the source's,
in proportion to the quantity, so delivering or returning all of a line charges or credits
exactly what it did. Otherwise the line is priced on its own: ``qty × price`` less its line
discount, tax per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openjxc.domain.documents.document import DocumentLine
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, money, rate, round_price
from openjxc.domain.trading import discount
from openjxc.domain.trading.tax import gross_amount, line_amounts, share


def keeps_source_terms(source: DocumentLine | None, own_terms: bool) -> bool:
    """Whether a line takes its amounts from ``source`` pro rata (see the module)."""
    return (
        source is not None
        and not own_terms
        and source.net_amount is not None
        and bool(
            (source.line_discount_rate is None and source.line_discount)
            or source.order_discount_share
        )
    )


def amounts_from_source(line: DocumentLine, source: DocumentLine) -> None:
    """The source line's amounts for ``line``'s share of its quantity."""
    part, whole = line.base_qty, source.base_qty
    line.price = round_price((source.price or ZERO) / source.factor * line.factor)
    line.tax_rate = source.tax_rate
    line.line_discount_rate = source.line_discount_rate
    line.line_discount = share(source.line_discount or ZERO, part, whole)
    # this document's own 整单优惠 only; the source's is in the amounts
    line.order_discount_share = None
    line.net_amount = share(source.net_amount or ZERO, part, whole)
    line.tax = share(source.tax or ZERO, part, whole)
    line.entered_price_tax_included = source.entered_price_tax_included
    if source.entered_price is None or source.entered_price_tax_included is None:
        line.entered_price, line.entered_price_tax_included = line.price, False
    else:
        line.entered_price = round_price(source.entered_price / source.factor * line.factor)


def price_line(
    line: DocumentLine,
    entered: Decimal,
    tax_rate: Decimal,
    included: bool,
    line_discount_rate: object | None,
    line_discount: object | None,
) -> None:
    """Price ``line`` at ``entered`` less its line discount (rate and/or amount), tax per line."""
    if entered < ZERO:
        raise ValidationError("negative", field="price")
    off_rate = (
        None if line_discount_rate is None else rate(line_discount_rate, "line_discount_rate")
    )
    off = None if line_discount is None else money(line_discount, "line_discount")
    taken = discount.line_discount(gross_amount(line.qty, entered), off_rate, off)
    amounts = line_amounts(line.qty, entered, tax_rate, included, taken)
    line.price, line.tax_rate = amounts.price, tax_rate
    line.entered_price, line.entered_price_tax_included = entered, included
    line.net_amount, line.tax = amounts.net_amount, amounts.tax
    line.line_discount_rate = off_rate
    line.line_discount = taken if taken or off is not None else None
    line.order_discount_share = None


def share_order_discount(lines: Sequence[DocumentLine], order_discount: Decimal) -> None:
    """Take 整单优惠 off the lines in proportion to their totals (exactly, to the cent)."""
    totals = [(ln.net_amount or ZERO) + (ln.tax or ZERO) for ln in lines]
    whole = sum(totals, ZERO)
    if order_discount < ZERO:
        raise ValidationError("negative", field="order_discount")
    if order_discount > whole:
        raise ValidationError(
            "discount_exceeds_total", field="order_discount", total=f"{whole:.2f}"
        )
    if order_discount == ZERO:
        return
    for line, part in zip(lines, discount.allocate(order_discount, totals), strict=True):
        off_net, off_tax = discount.split_share(
            part, line.net_amount or ZERO, line.tax or ZERO, line.tax_rate or ZERO
        )
        line.net_amount = (line.net_amount or ZERO) - off_net
        line.tax = (line.tax or ZERO) - off_tax
        line.order_discount_share = (line.order_discount_share or ZERO) + part
