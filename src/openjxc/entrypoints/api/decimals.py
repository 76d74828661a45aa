"""Exact numbers in the API: accepted as JSON strings or numbers, returned as strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from openjxc.domain.shared.numbers import plain


def _as_text(value: Any) -> Any:
    # JSON numbers arrive as Decimal (DecimalJSONRequest), never float; the domain checks the
    # text, so the error names the field and the rule ("too many decimals"), in the user's
    # language; a JSON number in exponent form (1e3) is a number, written out ("1000")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: an exact decimal as input; ``null`` handling is up to the field
DecimalIn = Annotated[
    str,
    BeforeValidator(_as_text),
    Field(max_length=40),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "maxLength": 40}, {"type": "number"}], "examples": ["12.50"]}
    ),
]

#: an exact decimal as output: a string, trailing zeros dropped
DecimalOut = Annotated[
    Decimal,
    PlainSerializer(plain, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["12.5"]}, mode="serialization"),
]

#: money as output: a string with its two decimals ("5000.00")
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["5000.00"]}, mode="serialization"),
]
