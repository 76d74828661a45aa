"""The three rounding steps every valuation method shares.

Each multiplies or divides at a precision wide enough that the only rounding is the final
one (to 0.01 yuan or to PRICE_SCALE decimals), so a result never depends on the default
28-digit context.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

from openjxc.domain.shared.numbers import CENT, PRICE_SCALE

# 18 integer+decimal digits times 18 digits fits; a quotient of two such numbers cannot sit
# within 10**-40 of a rounding boundary without sitting exactly on it.
_WIDE = Context(prec=60)
_PRICE = Decimal(1).scaleb(-PRICE_SCALE)

# Every step below runs in the wide context through its methods (the same arithmetic as
# inside ``localcontext(_WIDE)``, without switching the thread's context on each call:
# re-costing a long stream calls these hundreds of thousands of times).


def amount_at(qty: Decimal, unit_cost: Decimal) -> Decimal:
    """Return qty * unit_cost rounded to 0.01 half up."""
    return _WIDE.multiply(qty, unit_cost).quantize(CENT, ROUND_HALF_UP, _WIDE)


def share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """Return the part/whole share of amount rounded to 0.01 half up."""
    return _WIDE.divide(_WIDE.multiply(amount, part), whole).quantize(CENT, ROUND_HALF_UP, _WIDE)


def cost_per_unit(value: Decimal, qty: Decimal) -> Decimal:
    """Return value / qty rounded to PRICE_SCALE decimals half up."""
    return _WIDE.divide(value, qty).quantize(_PRICE, ROUND_HALF_UP, _WIDE)
