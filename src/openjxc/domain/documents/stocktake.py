"""Stocktake (盘点) rules: why a count differs, and what a count means for a line."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from openjxc.domain.documents.document import DocumentLine
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO


class CountReason(StrEnum):
    """Why the shelf differs from the books (盘盈盘亏原因)."""

    DAMAGE = "damage"  # 损坏
    EXPIRED = "expired"  # 过期
    THEFT = "theft"  # 被盗/丢失
    COUNTING_ERROR = "counting_error"  # 以前盘错/记错
    OTHER = "other"


def count_reason(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    try:
        return CountReason(value).value
    except ValueError:
        raise ValidationError("invalid_choice", field="reason", value=str(value)) from None


def set_count(line: DocumentLine, unit: str, qty: Decimal, factor: Decimal, base: Decimal) -> None:
    """The line now says what was counted: ``qty`` of ``unit``, ``base`` in base units."""
    if base < ZERO:
        raise ValidationError("negative", field="counted_qty")
    line.unit, line.qty, line.factor, line.base_qty = unit, qty, factor, base
    line.counted_qty = base


def add_count(line: DocumentLine, base_unit: str, base: Decimal) -> None:
    """A scan adds to what was counted; mixed units are kept in the base unit."""
    total = (line.counted_qty or ZERO) + base
    set_count(line, base_unit, total, Decimal(1), total)
