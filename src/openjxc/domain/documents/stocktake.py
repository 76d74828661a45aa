"""Stocktake (盘点) rules: why a count differs, what a count means for a line, and which
moves the books held when it was counted (docs/stocktake.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

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


def set_count(
    line: DocumentLine,
    unit: str,
    qty: Decimal,
    factor: Decimal,
    base: Decimal,
    *,
    now: dt.datetime,
    at: dt.datetime | None = None,
) -> None:
    """The line now says what was counted: ``qty`` of ``unit``, ``base`` in base units.

    It was counted ``at`` (a count taken on paper), else ``now`` — unless the count only
    restates the line's quantity, which is no recount: the line keeps the time it has."""
    if base < ZERO:
        raise ValidationError("negative", field="counted_qty")
    if at is not None:
        line.counted_at = at
    elif line.counted_qty != base or line.counted_at is None:
        line.counted_at = now
    line.unit, line.qty, line.factor, line.base_qty = unit, qty, factor, base
    line.counted_qty = base


def add_count(line: DocumentLine, base_unit: str, base: Decimal, now: dt.datetime) -> None:
    """A scan adds to what was counted; mixed units are kept in the base unit. The line is
    then as counted at the last scan."""
    total = (line.counted_qty or ZERO) + base
    set_count(line, base_unit, total, Decimal(1), total, now=now, at=now)


def counted_at(value: object, now: dt.datetime) -> dt.datetime | None:
    """When a count was taken, as typed (ISO 8601; without an offset, in the server's time
    zone, like the business dates): ``None`` when not given; never after ``now``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(
                "invalid_datetime", field="counted_at", value=str(value)[:32]
            ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the server's local time, as clock.today() reads it
    if moment > now:
        raise ValidationError("counted_in_future", field="counted_at", value=_shown(moment))
    return moment.astimezone(dt.UTC)


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class Moved:
    """A posted move as the count rule sees it: its business date, when it was entered, how
    many base units (signed)."""

    date: dt.date
    entered_at: dt.datetime
    qty: Decimal


def before_count(
    move_date: dt.date, entered_at: dt.datetime, day: dt.date, at: dt.datetime
) -> bool:
    """Did the books hold this move when a stocktake dated ``day`` was counted ``at``?

    The count takes its place in the ledger at its stocktake's date, at the moment it was
    counted: before it, every move of an earlier date (entered whenever: a late-entered
    document still tells of goods that left before that day) and every move of the same
    date entered by then; after it, every move of a later date and every move of the same
    date entered later. The ledger's own order is (date, entry), so the variance, posted at
    the stocktake's date, always follows every move the count saw.
    """
    return move_date < day or (move_date == day and entered_at <= at)


def book_at_count(
    on_hand: Decimal, moves: Iterable[Moved], day: dt.date, at: dt.datetime
) -> Decimal:
    """The books at the count: on hand now less every move that came after it.

    ``moves`` must include every move of the stream dated ``day`` or later (earlier moves are
    always before the count, so passing them too changes nothing)."""
    after = sum((m.qty for m in moves if not before_count(m.date, m.entered_at, day, at)), ZERO)
    return on_hand - after


StreamPart = tuple[int, int | None]  # (product, batch): a batch of a product, or the product


@dataclass(frozen=True)
class CountBasis:
    """What the count rule reads from a warehouse's ledger: on hand now per product
    (``(product, None)``) and per batch, and every move dated on or after the stocktake's date.
    """

    on_hand: dict[StreamPart, Decimal]
    moves: dict[StreamPart, list[Moved]]

    def book(
        self, product_id: int, batch_id: int | None, by_batch: bool, day: dt.date, at: dt.datetime
    ) -> Decimal:
        """The books of a line (one batch of a product, or the whole product) at its count."""
        if by_batch:
            if batch_id is None:  # a batch the books never knew
                return ZERO
            on_hand = self.on_hand.get((product_id, batch_id), ZERO)
            moves: list[Moved] = self.moves.get((product_id, batch_id), [])
        else:
            on_hand = self.on_hand.get((product_id, None), ZERO)
            moves = self._by_product.get(product_id, [])
        return book_at_count(on_hand, moves, day, at)

    @cached_property
    def _by_product(self) -> dict[int, list[Moved]]:
        found: dict[int, list[Moved]] = {}
        for (product_id, _), moves in self.moves.items():
            found.setdefault(product_id, []).extend(moves)
        return found
