"""Checks for small typed inputs: choices from a list, whole numbers in a range."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from openjxc.domain.shared.errors import ValidationError

E = TypeVar("E", bound=StrEnum)


def choice(enum_class: type[E], value: object, field: str) -> E:
    """One of the values of ``enum_class``, or an ``invalid_choice`` error."""
    try:
        return enum_class(str(value))
    except ValueError:
        raise ValidationError("invalid_choice", field=field, value=str(value)) from None


def whole(value: object, field: str, minimum: int, maximum: int) -> int:
    """An int within [minimum, maximum]; text such as "3" is accepted, 3.5 and digits other
    than ASCII ("３", "٣") are not."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("+-").isdecimal() and value.isascii():
        number = int(value.strip())
    else:
        raise ValidationError("not_a_number", field=field, value=str(value))
    if not minimum <= number <= maximum:
        raise ValidationError("out_of_range", field=field, minimum=minimum, maximum=maximum)
    return number


def optional_whole(value: object, field: str, minimum: int, maximum: int) -> int | None:
    return None if value is None or value == "" else whole(value, field, minimum, maximum)
