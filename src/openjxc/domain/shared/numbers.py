"""Exact numbers: the one place where scales and rounding rules are written down.

Quantities, prices, costs and amounts are ``Decimal`` everywhere and are stored as scaled
integers, so that SQL ``SUM`` is exact on SQLite and PostgreSQL alike
(docs/architecture.md, "Exact numbers").
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openjxc.domain.shared.errors import ValidationError

#: decimals kept for a quantity in the base unit (and for unit-conversion factors)
QTY_SCALE = 6
#: decimals kept for unit prices and unit costs
PRICE_SCALE = 6
#: decimals kept for amounts (money): 0.01 yuan
MONEY_SCALE = 2
#: decimals kept for rates (tax rate 0.13, line discount rate 0.05)
RATE_SCALE = 4

CENT = Decimal("0.01")
ZERO = Decimal(0)

_STEPS = {scale: Decimal(1).scaleb(-scale) for scale in range(19)}
_LIMITS = {scale: Decimal(10) ** (18 - scale) for scale in range(19)}


#: a number typed as text: ASCII digits with at most one point and an optional sign. Python's
#: Decimal() would also take "1_000", "1e3", Arabic-Indic (١٢) and full-width (１２) digits —
#: none of which the screens show back the way they were typed, so they are refused.
_TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def to_decimal(value: object, field: str) -> Decimal:
    """Turn user input (str, int, Decimal) into a finite Decimal, or raise a ValidationError.

    Text must be ASCII digits with at most one ``.`` (and a sign): see ``_TYPED_NUMBER``."""
    if isinstance(value, bool | float):
        # floats are refused outright: their decimal value is rarely what the user typed
        raise ValidationError("not_a_number", field=field, value=str(value))
    if not isinstance(value, Decimal | int) and not _TYPED_NUMBER.fullmatch(str(value).strip()):
        raise ValidationError("not_a_number", field=field, value=str(value)[:40])
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError("not_a_number", field=field, value=str(value)) from None
    if not result.is_finite():
        raise ValidationError("not_a_number", field=field, value=str(value))
    return result


def exact(value: object, scale: int, field: str) -> Decimal:
    """Return ``value`` unchanged if it has at most ``scale`` decimals, else refuse it.

    Input is never rounded silently: 12.345 yuan is an error, not 12.35.
    """
    number = value if type(value) is Decimal and value.is_finite() else to_decimal(value, field)
    if abs(number) >= _LIMITS[scale]:
        # stored as a 64-bit integer scaled by 10**scale
        raise ValidationError("number_too_large", field=field, value=str(value))
    # below 10**18 the quantized number has at most 18 + scale digits: it never rounds to
    # fit the context, so any difference from the input is a decimal beyond ``scale``
    exact_number = number.quantize(_STEPS[scale])
    if exact_number != number:
        raise ValidationError("too_many_decimals", field=field, value=str(value), scale=scale)
    return exact_number


def round_money(value: Decimal) -> Decimal:
    """Amounts are rounded to 0.01 yuan, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_price(value: Decimal) -> Decimal:
    """Unit prices and costs are rounded to PRICE_SCALE decimals, half up."""
    return value.quantize(Decimal(1).scaleb(-PRICE_SCALE), rounding=ROUND_HALF_UP)


def money(value: object, field: str = "amount") -> Decimal:
    return exact(value, MONEY_SCALE, field)


def price(value: object, field: str = "price") -> Decimal:
    return exact(value, PRICE_SCALE, field)


def quantity(value: object, field: str = "qty") -> Decimal:
    return exact(value, QTY_SCALE, field)


def rate(value: object, field: str = "rate") -> Decimal:
    return exact(value, RATE_SCALE, field)


def plain(value: Decimal) -> str:
    """For people: no exponent, no trailing zeros (24.000000 -> "24", 1E+3 -> "1000")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def fixed(value: Decimal, decimals: int) -> str:
    """For people, to a unit's own decimals (2.5 kg at 3 -> "2.500", 24 个 at 0 -> "24");
    the ledger holds only what the unit allows, so nothing is lost (half-up otherwise)."""
    rounded = value.quantize(_STEPS[decimals], rounding=ROUND_HALF_UP)
    return format(rounded if rounded else abs(rounded), "f")  # never "-0.000"


def as_entered(value: Decimal) -> str:
    """A price as people enter it: at least 2 decimals, no trailing zeros past them
    (160 -> "160.00", 141.5 -> "141.50", 3.1416 -> "3.1416")."""
    text = plain(value)
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"
