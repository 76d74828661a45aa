"""Turn aggregates into JSON-able snapshots for the audit trail."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from openjxc.domain.shared.errors import ValidationError

D = TypeVar("D")

#: never written to the audit trail
_SECRET_FIELDS = frozenset({"password_hash", "token_hash"})


def snapshot(obj: Any) -> dict[str, Any]:
    """The dataclass fields of ``obj`` as JSON-able values (secrets left out)."""
    return {
        f.name: _jsonable(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if f.name not in _SECRET_FIELDS
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def merge(current: D, updates: Mapping[str, Any], frozen: tuple[str, ...] = ()) -> D:
    """``current`` with ``updates`` applied; unknown or frozen fields are a ValidationError."""
    names = {f.name for f in dataclasses.fields(current)}  # type: ignore[arg-type]
    for key in updates:
        if key not in names or key in frozen:
            raise ValidationError("field_not_editable", field=key)
    return dataclasses.replace(current, **updates)  # type: ignore[type-var]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return snapshot(value)
    return value
