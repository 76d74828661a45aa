"""The ×50 rule: a figure far from what the product is known for is probably a unit mistake.

Typing a price per gram where the product is sold per kilogram is off by ×1000; per piece
where it is sold per box of 24, by ×24. A price, cost or quantity that differs from its
reference (the product's list price, its history) by more than ``factor`` either way is
flagged as a warning that someone must confirm; it is not refused, since it may be right.
"""

from __future__ import annotations

from decimal import Decimal

DEFAULT_FACTOR = Decimal(50)


def implausible(value: Decimal | None, reference: Decimal | None, factor: Decimal) -> bool:
    """Does ``value`` differ from ``reference`` by more than ``factor`` times, either way?

    Nothing to compare (either missing or zero) is never implausible.
    """
    if value is None or reference is None or value <= 0 or reference <= 0:
        return False
    return value > reference * factor or value * factor < reference
