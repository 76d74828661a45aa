"""Barcodes: the text a scanner types, and the EAN-13 check digit."""

from __future__ import annotations

import re

from openjxc.domain.shared.errors import ValidationError

# no spaces or '/': a barcode is typed by scanners and travels in URLs (/by-barcode/{barcode})
_BARCODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")


def barcode(value: object, field: str = "barcode") -> str:
    """A barcode: 1–64 letters, digits, '.', '_' or '-'.

    EAN check digits are not enforced: shops also print their own internal codes (店内码).
    """
    text = str(value or "").strip()
    if not text:
        raise ValidationError("required", field=field)
    if not _BARCODE.match(text):
        raise ValidationError("invalid_barcode", field=field, value=text[:64])
    return text


def ean13_check_digit(first_twelve: str) -> str:
    """The 13th digit of an EAN-13 whose first twelve digits are given."""
    if len(first_twelve) != 12 or not first_twelve.isdigit():
        raise ValueError("an EAN-13 body is twelve digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve))
    return str(-total % 10)


def is_ean13(code: str) -> bool:
    return (
        len(code) == 13
        and code.isascii()
        and code.isdigit()
        and ean13_check_digit(code[:12]) == code[12]
    )
