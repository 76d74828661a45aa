"""One stock stream (product × warehouse) replayed in ledger order: pure, no I/O.

Posting, backdated posting and 反审核 all come down to the same step: put new moves at their
place in the stream, then value every move from that place on, checking that no quantity
(of the stream, or of any batch in it) ever goes below zero where the warehouse forbids it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openjxc.domain.inventory.valuation import (
    Consumption,
    FifoState,
    MoveValuation,
    ValuationState,
    issue,
    receive,
)
from openjxc.domain.shared.numbers import ZERO, round_money


class ValueBasis(StrEnum):
    """How a move's value is found when the stream is (re)valued."""

    GIVEN = "given"  # fixed by its document: opening stock, receipts at cost, reversals
    COST = "cost"  # the stream's cost at that point: issues, gains at current cost
    PAIR = "pair"  # the opposite of its paired move (the other leg of a transfer)


@dataclass(frozen=True)
class StreamMove:
    """What valuing one move needs. ``key`` identifies it (a move id, or a new move's tag)."""

    key: object
    qty: Decimal  # signed, base units
    basis: ValueBasis
    value: Decimal = ZERO  # signed; used when basis is GIVEN or PAIR
    batch_id: int | None = None
    fallback_cost: Decimal = ZERO  # cost of a gain or short issue when the stream has none


@dataclass(frozen=True)
class ValuedMove:
    key: object
    value: Decimal
    adjustment: Decimal
    unit_cost: Decimal
    qty_after: Decimal
    value_after: Decimal
    cost_after: Decimal | None
    batch_qty_after: Decimal | None
    layers: tuple[Consumption, ...]


@dataclass(frozen=True)
class Shortage:
    """The first point where a move takes a quantity below zero."""

    key: object
    batch_id: int | None
    requested: Decimal  # positive
    available: Decimal  # what there was just before


@dataclass(frozen=True)
class StreamResult:
    state: ValuationState
    batch_qty: dict[int, Decimal]
    moves: tuple[ValuedMove, ...]
    shortages: tuple[Shortage, ...]


def replay_stream(
    state: ValuationState,
    batch_qty: Mapping[int, Decimal],
    moves: Iterable[StreamMove],
    allow_negative: bool,
) -> StreamResult:
    """Value ``moves`` in order from ``state``; report every move that would go short."""
    batches = dict(batch_qty)
    valued: list[ValuedMove] = []
    shortages: list[Shortage] = []
    for move in moves:
        before = state.qty
        batch_before = batches.get(move.batch_id, ZERO) if move.batch_id is not None else None
        if move.qty < ZERO and not allow_negative:
            if before + move.qty < ZERO:
                shortages.append(Shortage(move.key, None, -move.qty, max(before, ZERO)))
            elif batch_before is not None and batch_before + move.qty < ZERO:
                shortages.append(
                    Shortage(move.key, move.batch_id, -move.qty, max(batch_before, ZERO))
                )
        state, result = _value(state, move)
        batch_after = None
        if move.batch_id is not None:
            batch_after = (batch_before or ZERO) + move.qty
            batches[move.batch_id] = batch_after
        valued.append(
            ValuedMove(
                key=move.key,
                value=result.value,
                adjustment=result.adjustment,
                unit_cost=result.unit_cost,
                qty_after=state.qty,
                value_after=state.value,
                cost_after=state.last_unit_cost,
                batch_qty_after=batch_after,
                layers=result.layers_consumed,
            )
        )
    return StreamResult(state, batches, tuple(valued), tuple(shortages))


def _value(state: ValuationState, move: StreamMove) -> tuple[ValuationState, MoveValuation]:
    if move.qty > ZERO:
        if move.basis is ValueBasis.COST:
            cost = state.unit_cost if state.unit_cost is not None else move.fallback_cost
            return receive(state, move.qty, value=round_money(move.qty * cost), ref=_ref(move))
        return receive(state, move.qty, value=move.value, ref=_ref(move))
    qty = -move.qty
    if move.basis is not ValueBasis.COST and not isinstance(state, FifoState):
        # a moving-average issue at a fixed value (a reversal) is exact only while the stock
        # holds that much value; otherwise it takes the stream's cost like any issue
        wanted = -move.value
        if state.qty > ZERO and (
            (qty < state.qty and ZERO <= wanted < state.value)
            or (qty == state.qty and wanted == state.value)
        ):
            return issue(state, qty, value=wanted, ref=_ref(move))
    return issue(state, qty, fallback_cost=move.fallback_cost, ref=_ref(move))


def _ref(move: StreamMove) -> int | str | None:
    return move.key if isinstance(move.key, int | str) else None
