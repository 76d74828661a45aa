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
from typing import NamedTuple

from openjxc.domain.inventory.valuation import (
    Consumption,
    FifoState,
    LayerRef,
    MoveValuation,
    MovingAverageState,
    ValuationState,
    issue,
    receive,
)
from openjxc.domain.inventory.valuation.arithmetic import amount_at, cost_per_unit, share
from openjxc.domain.shared.numbers import ZERO, round_money


class ValueBasis(StrEnum):
    """How a move's value is found when the stream is (re)valued."""

    GIVEN = "given"  # fixed by its document: opening stock, receipts at cost, reversals
    COST = "cost"  # the stream's cost at that point: issues, gains at current cost
    PAIR = "pair"  # the opposite of its paired move (the other leg of a transfer)


class StreamMove(NamedTuple):
    """What valuing one move needs. ``key`` identifies it (a move id, or a new move's tag)."""

    key: object
    qty: Decimal  # signed, base units
    basis: ValueBasis
    value: Decimal = ZERO  # signed; used when basis is GIVEN or PAIR
    batch_id: int | None = None
    fallback_cost: Decimal = ZERO  # cost of a gain or short issue when the stream has none
    first_layer: object = None  # FIFO: undoing a receipt takes its own layer first


class ValuedMove(NamedTuple):
    """A move valued at its place in the stream (a tuple: a re-cost builds 100,000s)."""

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
    if isinstance(state, MovingAverageState):
        return _replay_average(state, batch_qty, moves, allow_negative)
    return _replay(state, batch_qty, moves, allow_negative)


def rederive_stream(
    state: ValuationState, batch_qty: Mapping[int, Decimal], moves: Iterable[StreamMove]
) -> StreamResult:
    """Value ``moves`` in order from ``state`` the reference way, to check stored values.

    ``jxc doctor`` re-derives every posted move's valuation with this and compares it with
    what posting stored. It takes every move through the valuation method's own
    ``receive``/``issue`` (never the moving-average fast loop of ``replay_stream``, which
    must give identical results), so a slip in the fast loop shows as a difference.
    Shortages are not reported: whether stock went negative is a check of its own.
    """
    return _replay(state, batch_qty, moves, allow_negative=True)


def _replay(
    state: ValuationState,
    batch_qty: Mapping[int, Decimal],
    moves: Iterable[StreamMove],
    allow_negative: bool,
) -> StreamResult:
    """The general replay: every move through the valuation method's own functions."""
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


def _replay_average(  # noqa: C901 - one loop on purpose: the re-costing hot path
    state: MovingAverageState,
    batch_qty: Mapping[int, Decimal],
    moves: Iterable[StreamMove],
    allow_negative: bool,
) -> StreamResult:
    """``replay_stream`` for a moving-average stream, as one loop over plain numbers.

    Re-costing after a backdated posting replays every later move of the stream, so this
    loop is the engine's hot path. The usual moves — a receipt into non-negative stock, an
    issue at the average cost that the stock covers — are valued inline with exactly the
    arithmetic of ``moving_average.receive``/``issue``; every other move (short stock,
    settling a negative stock, an issue at a fixed value) goes through those functions.
    A property test checks that both paths give identical results.
    """
    qty, value, last = state.qty, state.value, state.last_unit_cost
    batches = dict(batch_qty)
    valued: list[ValuedMove] = []
    shortages: list[Shortage] = []
    add, cost_basis, no_layers = valued.append, ValueBasis.COST, ()
    for move in moves:
        key, change, basis, given, batch_id, fallback, _ = move
        batch_before = batches.get(batch_id, ZERO) if batch_id is not None else None
        amount: Decimal | None
        if change > ZERO:
            if qty < ZERO:
                amount = None
            elif basis is cost_basis:
                cost = cost_per_unit(value, qty) if qty > ZERO else last
                amount = amount_at(change, cost if cost is not None else fallback)
                if amount < ZERO:
                    amount = None  # refused by ``receive``, with its error
            else:
                amount = given if given >= ZERO else None  # else refused by ``receive``
        elif basis is cost_basis and change < ZERO and ZERO < (out := ZERO - change) <= qty:
            # everything on hand takes exactly its value: rounding leaves no residue behind
            amount = ZERO - (value if out == qty else share(value, out, qty))
        else:
            amount = None
        if amount is None:
            if change < ZERO and not allow_negative:
                shortage = _shortage(move, qty, batch_before)
                if shortage is not None:
                    shortages.append(shortage)
            before = MovingAverageState(qty, value, last)
            after, result = _value(before, move)
            qty, value, last = after.qty, after.value, after.last_unit_cost
            moved, adjustment, unit_cost = result.value, result.adjustment, result.unit_cost
        else:
            moved, adjustment = amount, ZERO
            if change < ZERO:
                unit_cost = cost_per_unit(ZERO - amount, out)
                if not allow_negative and batch_before is not None and batch_before + change < ZERO:
                    shortages.append(Shortage(key, batch_id, out, max(batch_before, ZERO)))
                if qty == out:
                    last = cost_per_unit(value, qty)  # the average the last units left at
            else:
                unit_cost = cost_per_unit(amount, change)
            qty += change
            value += moved
            if qty > ZERO:
                last = cost_per_unit(value, qty)
        batch_after = None
        if batch_id is not None:
            batch_after = (batch_before or ZERO) + change
            batches[batch_id] = batch_after
        add(ValuedMove(key, moved, adjustment, unit_cost, qty, value, last, batch_after, no_layers))
    return StreamResult(
        MovingAverageState(qty, value, last), batches, tuple(valued), tuple(shortages)
    )


def _shortage(move: StreamMove, before: Decimal, batch_before: Decimal | None) -> Shortage | None:
    if before + move.qty < ZERO:
        return Shortage(move.key, None, -move.qty, max(before, ZERO))
    if batch_before is not None and batch_before + move.qty < ZERO:
        return Shortage(move.key, move.batch_id, -move.qty, max(batch_before, ZERO))
    return None


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
    first = move.first_layer if isinstance(move.first_layer, int | str | tuple) else None
    return issue(state, qty, fallback_cost=move.fallback_cost, ref=_ref(move), first=first)


def _ref(move: StreamMove) -> LayerRef:
    return move.key if isinstance(move.key, int | str | tuple) else None
