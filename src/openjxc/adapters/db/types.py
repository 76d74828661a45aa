"""Column types that keep numbers exact on every database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

from openjxc.domain.shared.numbers import MONEY_SCALE, QTY_SCALE, exact


class Scaled(TypeDecorator[Decimal]):
    """A Decimal stored as a 64-bit integer scaled by ``10**scale``.

    SQLite has no exact decimal type (NUMERIC is stored as REAL), so a scaled integer is
    the only storage on which ``SUM`` is exact on both SQLite and PostgreSQL. In SQL,
    divide by ``10**scale`` only after aggregating.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self.factor = 10**scale

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(exact(value, self.scale, "value") * self.factor)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)

    def __repr__(self) -> str:
        return f"Scaled({self.scale})"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)  # type: ignore[no-any-return]

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value  # type: ignore[no-any-return]


class EnumText(TypeDecorator[Any]):
    """A StrEnum stored as its plain value (no database enum type to migrate)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[Any]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(self.enum_class(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self.enum_class(value)


def from_scaled(raw: object, scale: int) -> Decimal:
    """An aggregate over a Scaled column, which some drivers return as the raw integer."""
    if isinstance(raw, Decimal):
        return raw
    return Decimal(int(raw or 0)).scaleb(-scale)  # type: ignore[call-overload]


def qty_of(raw: object) -> Decimal:
    return from_scaled(raw, QTY_SCALE)


def money_of(raw: object) -> Decimal:
    return from_scaled(raw, MONEY_SCALE)
