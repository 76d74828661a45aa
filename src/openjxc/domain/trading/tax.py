"""Line amounts: 单价, 含税单价, 金额, 税率, 税额, 价税合计 (DOMAIN.md, Prices and tax).

The line discount comes off ``qty × price`` first; tax is then computed per line and
rounded to 0.01, and summed for the document. A price entered tax-inclusive fixes the line's
total; the tax-exclusive amount is the total less its tax.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, rate, round_money, round_price, to_decimal

#: decimals of a price people type or are offered (2 to 4: 12.50, 3.1416)
ENTERED_DECIMALS = 4
_HUNDRED = Decimal(100)


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


def price_with_tax(net_price: Decimal, tax_rate: Decimal) -> Decimal:
    """A tax-exclusive unit price as a 含税单价 people can type: to 4 decimals, half up
    (141.59292 at 13% -> 160.0000)."""
    step = Decimal(1).scaleb(-ENTERED_DECIMALS)
    return (net_price * (1 + tax_rate)).quantize(step, rounding=ROUND_HALF_UP)


#: the company switch 单价含税: prices are typed and shown tax-inclusive
PRICES_INCLUDE_TAX_SETTING = "trade.prices_include_tax"


def price_without_tax(gross_price: Decimal, tax_rate: Decimal) -> Decimal:
    """A 含税单价 as the tax-exclusive price stored, to PRICE_SCALE (6) decimals, half up: close
    enough that :func:`price_with_tax` gives the typed figure back (12.00 at 13% is stored as
    10.619469, read as 12.0000)."""
    return round_price(gross_price / (1 + tax_rate))


def reference_price(
    net_price: Decimal | None, tax_rate: Decimal, tax_included: bool
) -> Decimal | None:
    """A product's reference price (标准售价, 等级价, 客户价, 最低售价, 参考进价) as people read
    and type it: 含税 when the company's 单价含税 switch is on. Stored tax-exclusive always, so
    switching the setting never changes a price's meaning."""
    if net_price is None or not tax_included:
        return net_price
    return price_with_tax(net_price, tax_rate)


def parse_tax_rate(value: object, field: str = "tax_rate") -> Decimal:
    """A tax rate as people type it: "13", "13%" and "0.13" are all 13% (0.13).

    A trailing ``%`` makes a percent; so does a whole number or any number of 1 or more
    ("1" is 1%, "9.5" is 9.5%), since rates people type are percents. A number below 1 written
    with a decimal point ("0.13", ".06") is a fraction, as the API has always taken it; 0 is 0%.
    """
    if isinstance(value, bool | float):
        to_decimal(value, field)  # refused: a float is rarely what was typed
    text = format(value, "f") if isinstance(value, Decimal) else str(value).strip()
    percent = text.endswith("%")
    number = to_decimal(text[:-1].strip() if percent else text, field)
    result = number if not percent and "." in text and abs(number) < 1 else number / _HUNDRED
    value_rate = rate(result.normalize() if result else ZERO, field)
    if not ZERO <= value_rate < 1:
        raise ValidationError("out_of_range", field=field, minimum="0", maximum="0.9999")
    return value_rate
