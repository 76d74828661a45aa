"""The money of trading lines: price, line discount, tax, and the document discount's shares.

A line copied from a source line that carries fixed discounts (a 折扣额 or a share of
整单优惠) keeps the source's terms: its amounts are the source's, in proportion to the
quantity, so delivering or returning all of a line charges or credits exactly what it did.
Otherwise the line is priced on its own: ``qty × price`` less its discount, tax per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openjxc.domain.documents.document import DocumentLine
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, money, rate, round_price
from openjxc.domain.trading.discount import allocate, line_discount, split_share
from openjxc.domain.trading.tax import gross_amount, line_amounts, share


def keeps_source_terms(source: DocumentLine | None, own_terms: bool) -> bool:
    """Whether a line takes its amounts from ``source`` pro rata (see the module)."""
    return (
        source is not None
        and not own_terms
        and source.net_amount is not None
        and bool((source.discount_rate is None and source.discount) or source.discount_share)
    )


def amounts_from_source(line: DocumentLine, source: DocumentLine) -> None:
    """The source line's amounts for ``line``'s share of its quantity."""
    part, whole = line.base_qty, source.base_qty
    line.price = round_price((source.price or ZERO) / source.factor * line.factor)
    line.tax_rate = source.tax_rate
    line.discount_rate = source.discount_rate
    line.discount = share(source.discount or ZERO, part, whole)
    line.discount_share = None  # this document's own 优惠 only; the source's is in the amounts
    line.net_amount = share(source.net_amount or ZERO, part, whole)
    line.tax = share(source.tax or ZERO, part, whole)


def price_line(
    line: DocumentLine,
    entered: Decimal,
    tax_rate: Decimal,
    included: bool,
    discount_rate: object | None,
    discount: object | None,
) -> None:
    """Price ``line`` at ``entered`` less its discount (rate and/or amount), tax per line."""
    if entered < ZERO:
        raise ValidationError("negative", field="price")
    off_rate = None if discount_rate is None else rate(discount_rate, "discount_rate")
    off = None if discount is None else money(discount, "discount")
    taken = line_discount(gross_amount(line.qty, entered), off_rate, off)
    amounts = line_amounts(line.qty, entered, tax_rate, included, taken)
    line.price, line.tax_rate = amounts.price, tax_rate
    line.net_amount, line.tax = amounts.net_amount, amounts.tax
    line.discount_rate = off_rate
    line.discount = taken if taken or off is not None else None
    line.discount_share = None


def share_document_discount(lines: Sequence[DocumentLine], discount: Decimal) -> None:
    """Take 整单优惠 off the lines in proportion to their totals (exactly, to the cent)."""
    totals = [(ln.net_amount or ZERO) + (ln.tax or ZERO) for ln in lines]
    whole = sum(totals, ZERO)
    if discount < ZERO:
        raise ValidationError("negative", field="discount")
    if discount > whole:
        raise ValidationError("discount_exceeds_total", field="discount", total=f"{whole:.2f}")
    if discount == ZERO:
        return
    for line, part in zip(lines, allocate(discount, totals), strict=True):
        off_net, off_tax = split_share(
            part, line.net_amount or ZERO, line.tax or ZERO, line.tax_rate or ZERO
        )
        line.net_amount = (line.net_amount or ZERO) - off_net
        line.tax = (line.tax or ZERO) - off_tax
        line.discount_share = (line.discount_share or ZERO) + part
