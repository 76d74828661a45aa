"""Line amounts: 单价, 含税单价, 金额, 税率, 税额, 价税合计 (DOMAIN.md, Prices and tax).

The line discount comes off ``qty × price`` first; tax is then computed per line and
rounded to 0.01, and summed for the document. A price entered tax-inclusive fixes the line's
total; the tax-exclusive amount is the total less its tax.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.shared.numbers import ZERO, round_money, round_price


@dataclass(frozen=True)
class LineAmounts:
    price: Decimal  # tax-exclusive, per entered unit
    net_amount: Decimal  # 金额 (tax-exclusive)
    tax: Decimal  # 税额
    total: Decimal  # 价税合计


def gross_amount(qty: Decimal, price: Decimal) -> Decimal:
    """``qty × price`` to 0.01, before any discount."""
    return round_money(qty * price)


def line_amounts(
    qty: Decimal,
    price: Decimal,
    tax_rate: Decimal,
    tax_included: bool,
    line_discount: Decimal = ZERO,
) -> LineAmounts:
    """The amounts of ``qty`` at ``price`` less ``line_discount`` (both tax-inclusive when
    ``tax_included``)."""
    if tax_included:
        total = gross_amount(qty, price) - line_discount
        net = round_money(total / (1 + tax_rate))
        return LineAmounts(round_price(price / (1 + tax_rate)), net, total - net, total)
    net = gross_amount(qty, price) - line_discount
    tax = round_money(net * tax_rate)
    return LineAmounts(price, net, tax, net + tax)


def share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """``part/whole`` of ``amount`` to 0.01 (the value of a partial return)."""
    if whole == ZERO:
        return ZERO
    return amount if part == whole else round_money(amount * part / whole)
