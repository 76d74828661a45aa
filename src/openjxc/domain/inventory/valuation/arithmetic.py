"""The three rounding steps every valuation method shares.

Each multiplies or divides at a precision wide enough that the only rounding is the final
one (to 0.01 yuan or to PRICE_SCALE decimals), so a result never depends on the default
28-digit context.
"""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from openjxc.domain.shared.numbers import round_money, round_price

# 18 integer+decimal digits times 18 digits fits; a quotient of two such numbers cannot sit
# within 10**-40 of a rounding boundary without sitting exactly on it.
_WIDE = Context(prec=60)


def amount_at(qty: Decimal, unit_cost: Decimal) -> Decimal:
    """Return qty * unit_cost rounded to 0.01 half up."""
    with localcontext(_WIDE):
        return round_money(qty * unit_cost)


def share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """Return the part/whole share of amount rounded to 0.01 half up."""
    with localcontext(_WIDE):
        return round_money(amount * part / whole)


def cost_per_unit(value: Decimal, qty: Decimal) -> Decimal:
    """Return value / qty rounded to PRICE_SCALE decimals half up."""
    with localcontext(_WIDE):
        return round_price(value / qty)
