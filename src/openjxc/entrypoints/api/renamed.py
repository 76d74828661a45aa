"""Fields the API renamed: the old name is still accepted and returned for one release.

Issue #15 gave each discount one name (docs/glossary.md): a document's ``discount`` became
``order_discount``, a line's ``discount_rate``/``discount``/``discount_share`` became
``line_discount_rate``/``line_discount``/``order_discount_share``, ``total_before_discount``
became ``total_before_order_discount``. The old names are marked deprecated in the OpenAPI
schema for the release that renamed them (0.2.0) and go in the release after (docs/api.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, cast

from pydantic import computed_field

from openjxc.entrypoints.api.schemas import InputRuleError


def deprecated(new: str) -> str:
    """The OpenAPI description of a field kept under its old name."""
    return f"Deprecated: the same as `{new}`, kept for one release; use `{new}`."


_Getter = TypeVar("_Getter", bound=Callable[[Any], Any])


def old_name(new: str) -> Callable[[_Getter], _Getter]:
    """Return a response field under its old name: the value of ``new``, marked deprecated."""
    field = computed_field(description=deprecated(new), json_schema_extra={"deprecated": True})
    return cast(Callable[[_Getter], _Getter], field)


def take_old_names(data: Any, renamed: Mapping[str, str]) -> Any:
    """A request body with each field sent under its old name moved to its new one.

    Sent under both names, the same value (``"1.00"`` and ``1`` are the same number) is taken
    once; different values are refused.
    """
    if not isinstance(data, dict) or not any(old in data for old in renamed):
        return data
    data = dict(data)
    for old, new in renamed.items():
        if old not in data:
            continue
        value = data.pop(old)
        if value is None:
            continue
        if data.get(new) is None:
            data[new] = value
        elif not _same(data[new], value):
            raise InputRuleError("deprecated_name_disagrees", name=new, old=old)
    return data


def _same(one: Any, other: Any) -> bool:
    try:
        return Decimal(str(one)) == Decimal(str(other))
    except InvalidOperation:
        return str(one) == str(other)
