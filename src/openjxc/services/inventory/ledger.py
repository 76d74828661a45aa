"""The port the posting engine needs from storage: streams, moves, balances."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from openjxc.domain.inventory.stream import ValueBasis, ValuedMove
from openjxc.domain.inventory.valuation import ValuationMethod, ValuationState


class StreamKey(NamedTuple):
    product_id: int
    warehouse_id: int


#: where a move sits in its stream: ledger order is (date, id)
Position = tuple[date, int]


@dataclass(frozen=True)
class Stream:
    """A locked stream: its settings and its state at the end of the ledger."""

    key: StreamKey
    method: ValuationMethod
    allow_negative: bool
    state: ValuationState
    batch_qty: dict[int, Decimal]
    last_position: Position | None
    fallback_cost: Decimal


class StoredMove(NamedTuple):
    """A posted move, as re-costing needs it (a tuple: a long re-cost reads 100,000s)."""

    id: int
    key: StreamKey
    date: date
    qty: Decimal
    basis: ValueBasis
    value: Decimal
    batch_id: int | None
    line_id: int
    reverses_move_id: int | None = None  # a reversal move written by 反审核: what it undoes
    takes_back_move_id: int | None = None  # undoing a receipt: FIFO takes its layer first

    @property
    def reverses(self) -> bool:
        return self.reverses_move_id is not None


@dataclass(frozen=True)
class NewMove:
    """A move to post. ``tag`` links it back to its document line (and transfer leg)."""

    tag: object
    key: StreamKey
    date: date
    qty: Decimal
    basis: ValueBasis
    document_id: int
    line_id: int
    value: Decimal = Decimal(0)
    batch_id: int | None = None
    reverses_move_id: int | None = None
    takes_back_move_id: int | None = None  # undoing a receipt (反审核, 红冲): FIFO takes its layer
    pair_tag: object = None  # a transfer's receiving leg names its issuing leg
    pair_move_id: int | None = None  # ... or, posted earlier, its id (leaving transit)


class Revaluation(NamedTuple):
    """A posted move re-valued by re-costing: its value before and after (signed)."""

    move_id: int
    old_value: Decimal
    new_value: Decimal


@dataclass(frozen=True)
class StreamUpdate:
    """A locked stream's new end state, to be written to its balance caches."""

    stream: Stream
    state: ValuationState
    batch_qty: dict[int, Decimal]
    last: Position


class Ledger(Protocol):
    def lock(self, keys: Sequence[StreamKey]) -> dict[StreamKey, Stream]:
        """Lock the streams' balance rows in sorted key order and return their end state."""
        ...

    def batch_tracked(self, product_ids: Collection[int]) -> set[int]:
        """Which of these products are batch-tracked (one query for a whole document)."""
        ...

    def moves_after(self, key: StreamKey, position: Position) -> list[StoredMove]:
        """The stream's moves after ``position``, in ledger order."""
        ...

    def state_before(
        self, stream: Stream, position: Position
    ) -> tuple[ValuationState, dict[int, Decimal]]:
        """The valuation state and batch quantities just before ``position``."""
        ...

    def insert(self, moves: Sequence[tuple[NewMove, ValuedMove]]) -> dict[object, int]:
        """Append moves; return the id of each move by its tag (FIFO refs are tags too)."""
        ...

    def revalue(self, key: StreamKey, moves: Sequence[ValuedMove], ids: dict[object, int]) -> None:
        """Rewrite the valuation columns (and FIFO consumptions) of posted moves of the
        stream ``key``."""
        ...

    def record_revaluations(
        self, changes: Sequence[Revaluation], caused_by_document_id: int | None
    ) -> None:
        """Append the trace of re-valued moves (``stock_revaluation``), in this transaction."""
        ...

    def save(self, updates: Sequence[StreamUpdate], ids: dict[object, int]) -> None:
        """Write the streams' balance caches (and FIFO layers, refs resolved by ``ids``)."""
        ...

    def paired_moves(self, move_ids: Sequence[int]) -> dict[int, list[StoredMove]]:
        """The moves valued from each of these moves, by their id, in id order: a transfer's
        receiving leg by its issue, a two-step transfer's legs out of transit (received and,
        when it arrived short, lost) by the leg into it."""
        ...

    def paired_streams(self, starts: Mapping[StreamKey, Position]) -> dict[StreamKey, Position]:
        """The streams holding a move paired with a move of a ``starts`` stream after its
        position (a transfer leg a re-cost from there may follow), each with a position
        at or before the earliest such move."""
        ...

    def reversed_ids(self, move_ids: Sequence[int]) -> set[int]:
        """Which of these moves a reversal move already undoes."""
        ...

    def lines_with_moves(self, line_ids: Sequence[int]) -> set[int]:
        """Which of these document lines the ledger refers to."""
        ...

    def moves_of_document(self, document_id: int) -> list[StoredMove]:
        """A document's moves, in id order."""
        ...
