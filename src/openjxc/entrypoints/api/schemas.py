"""Base classes for request bodies.

Every body refuses, for every field however deeply nested, the two inputs the databases
treat differently: text with control characters (PostgreSQL refuses NUL where SQLite
stores it) and integers beyond what an INTEGER column holds (32 bits on PostgreSQL, 64 on
SQLite; either driver fails beyond). The request is refused with a clear 422 before any
service runs, the same way on both databases.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from openjxc.domain.shared.errors import ValidationError

#: the range of an INTEGER column on PostgreSQL (32 bits), which every id and count in a
#: request names; no request carries a BIGINT id (those are ledger rows, never input)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
#: tab, line feed and carriage return are fine in remarks and addresses; other controls are not
_ALLOWED_CONTROLS = frozenset("\t\n\r")


class InputRuleError(ValidationError, ValueError):
    """A domain rule broken inside a schema: pydantic reports it (it is a ValueError) and the
    error handler renders its code and message in the caller's language."""


def has_controls(text: str) -> bool:
    """Whether ``text`` holds NUL or another control character (other than tab and newlines)."""
    return any((ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or ch == "\x7f" for ch in text)


def check_value(value: Any, field: str) -> None:
    """Refuse control characters in text and integers beyond INTEGER, in nested values too."""
    if isinstance(value, str):
        if has_controls(value):
            raise InputRuleError("invalid_characters", field=field)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not INT_MIN <= value <= INT_MAX:
            raise InputRuleError("number_too_large", field=field, value=str(value))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            check_value(item, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(key, field)
            check_value(item, field)


class Body(BaseModel):
    """A request body: unknown fields are refused, not ignored; text and integers are checked."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        # nested models validated themselves; everything else is checked here, once per field
        if not isinstance(value, BaseModel):
            check_value(value, info.field_name or "body")
        return value


class Create(Body):
    """A POST body."""


class Patch(Body):
    """A PATCH body: only the fields sent are changed.

    Fields default to None so they can be left out, but an explicit ``null`` is accepted
    only for the fields named in ``nullable`` (where null means "clear it").
    """

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> Patch:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.nullable:
                raise ValueError(f"{name} cannot be null")
        return self
