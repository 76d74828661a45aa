"""Rules for codes and names typed by users."""

from __future__ import annotations

import re

from openjxc.domain.shared.errors import ValidationError

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")


def code(value: object, field: str = "code") -> str:
    """A code: 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError("required", field=field)
    if not _CODE.match(text):
        raise ValidationError("invalid_code", field=field, value=text)
    return text


def name(value: object, field: str = "name", max_length: int = 100) -> str:
    """A human name: trimmed, not empty, at most ``max_length`` characters, no control chars."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError("required", field=field)
    if len(text) > max_length:
        raise ValidationError("too_long", field=field, max_length=max_length)
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError("invalid_characters", field=field)
    return text


def optional_text(value: object, field: str, max_length: int = 500) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ValidationError("too_long", field=field, max_length=max_length)
    # line breaks are fine in an address; NUL and other controls are not (PostgreSQL refuses NUL)
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise ValidationError("invalid_characters", field=field)
    return text
