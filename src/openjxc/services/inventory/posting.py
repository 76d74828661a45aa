"""The posting engine: put moves into their streams, re-value what follows, check stock.

Every write to the stock ledger goes through ``post_moves``: new documents, backdated
documents, and the reversal moves of 反审核 alike. Streams are locked in one sorted order
(no deadlocks on PostgreSQL), and nothing is written unless every stream — and every batch
in it — stays non-negative at every point of its timeline where the warehouse forbids
negative stock. A backdated move re-values only the moves after it in its stream (and,
through transfers, in the streams those moves fed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Protocol

from openjxc.domain.inventory.shares import pair_share
from openjxc.domain.inventory.stream import (
    Shortage,
    StreamMove,
    StreamResult,
    ValueBasis,
    ValuedMove,
    replay_stream,
)
from openjxc.domain.shared import limits
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.services.inventory.ledger import (
    Ledger,
    NewMove,
    Position,
    Revaluation,
    StoredMove,
    Stream,
    StreamKey,
    StreamUpdate,
)

#: after every id of a day: new moves go after everything already posted on their date
END_OF_DAY = 2**62


class InsufficientStock(ValidationError):
    """One detail per short line: product, warehouse, batch, requested, available."""


class ShortageWords(Protocol):
    """Words a shortage for the user: the document line, product, warehouse, date and the
    quantities in the product's unit (``moves.shortage_detail``), never a bare id."""

    def new(self, move: NewMove, shortage: Shortage) -> dict[str, Any]:
        """A move of this posting would take stock below zero."""
        ...

    def later(self, move: StoredMove, shortage: Shortage, cause: NewMove) -> dict[str, Any]:
        """A move already posted after ``cause`` would go short because of it."""
        ...


@dataclass(frozen=True)
class Posted:
    move: NewMove
    id: int
    valued: ValuedMove


@dataclass
class _Plan:
    stream: Stream
    new: list[NewMove]
    result: StreamResult
    later: dict[int, StoredMove]  # the stored moves re-valued, by id
    last: Position | None  # the last stored position in the stream


def post_moves(
    ledger: Ledger,
    moves: Sequence[NewMove],
    describe: ShortageWords,
) -> list[Posted]:
    """Post ``moves`` and re-cost what follows them; ``describe`` words a shortage.

    The cyclic garbage collector is left alone: pausing it (it once saved a quarter of a
    100,000-move re-cost) is process-wide, and under the threaded server one request would
    resume it in the middle of another's pause, or leave it off for all (docs/performance.md).
    """
    return _post(ledger, moves, describe)


def _post(
    ledger: Ledger,
    moves: Sequence[NewMove],
    describe: ShortageWords,
) -> list[Posted]:
    by_key: dict[StreamKey, list[NewMove]] = defaultdict(list)
    for move in moves:
        by_key[move.key].append(move)
    starts = {key: (min(m.date for m in new), END_OF_DAY) for key, new in by_key.items()}
    # every stream a re-cost may follow transfers into is locked now, with the posting's
    # own, in one sorted order: locking it later, when the cascade reaches it, could take it
    # after a higher key and deadlock with a posting that holds it and waits for that key
    reach = _reach(ledger, starts)
    streams = ledger.lock(sorted(by_key.keys() | reach))
    # a transfer's receiving leg takes the value of its issuing leg: value issues first
    order = sorted(by_key, key=lambda k: (not any(m.qty < 0 for m in by_key[k]), k))
    values: dict[object, ValuedMove] = {}
    plans: list[_Plan] = []
    shortages: list[dict[str, Any]] = []
    for key in order:
        new = [_pair_value(m, values) for m in by_key[key]]
        plan = _plan(ledger, streams[key], new, (min(m.date for m in new), END_OF_DAY))
        plans.append(plan)
        values.update({v.key: v for v in plan.result.moves})
        tags = {m.tag: m for m in new}
        for shortage in plan.result.shortages:
            if shortage.key in tags:
                shortages.append(describe.new(tags[shortage.key], shortage))
            else:
                later = plan.later[shortage.key]  # type: ignore[index]
                shortages.append(describe.later(later, shortage, _cause(new)))
    if shortages:
        raise InsufficientStock("insufficient_stock", details=shortages)
    _check_running(plans, {m.tag: m for m in moves})
    if any(plan.later for plan in plans):
        # a transfer out of one of these tails committed between ``_reach`` and the lock
        # is seen now (no new one can: its posting would need a lock held here); its
        # stream is locked out of order, which is rare, and a deadlock is retried
        missing = _reach(ledger, starts) - streams.keys()
        if missing:
            ledger.lock(sorted(missing))
    ids = ledger.insert([(m, values[m.tag]) for m in moves])
    cause = moves[0].document_id if moves else None  # one document's moves per posting
    _write(ledger, plans, ids, cause)
    _cascade(ledger, plans, cause)
    return [Posted(m, ids[m.tag], values[m.tag]) for m in moves]


def _check_running(plans: Sequence[_Plan], new: Mapping[object, NewMove]) -> None:
    """Refuse the posting when it takes a stream's running quantity or value beyond the
    ledger's bound (domain.shared.limits), naming the line that does."""
    errors: list[dict[str, Any]] = []
    for plan in plans:
        for valued in plan.result.moves:
            try:
                limits.check_running(valued.qty_after, valued.value_after)
            except ValidationError as error:
                move = new.get(valued.key)
                tag = move.tag if move is not None else None
                line_no = tag[0] if isinstance(tag, tuple) and isinstance(tag[0], int) else None
                errors.append({"line_no": line_no, "code": error.code, **error.params})
                break  # one error a stream: the rest of it follows from the first
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))


def _plan(
    ledger: Ledger,
    stream: Stream,
    new: list[NewMove],
    at: Position,
    overrides: Mapping[int, Decimal] | None = None,
) -> _Plan:
    """Value ``new`` at position ``at`` and every stored move after it.

    ``overrides`` gives stored moves a new fixed value (a transfer leg whose issue was
    re-costed); such a re-costing changes values only, so it cannot make stock short.
    """
    later: list[StoredMove] = []
    if stream.last_position is not None and stream.last_position > at:
        later = ledger.moves_after(stream.key, at)
    state, batch_qty = (
        ledger.state_before(stream, at) if later else (stream.state, stream.batch_qty)
    )
    cost = stream.fallback_cost
    fixed = overrides or {}
    sequence = [
        StreamMove(m.tag, m.qty, m.basis, m.value, m.batch_id, cost, m.takes_back_move_id)
        for m in new
    ]
    sequence += [
        StreamMove(
            s.id, s.qty, s.basis, fixed.get(s.id, s.value), s.batch_id, cost, s.takes_back_move_id
        )
        for s in later
    ]
    allow_negative = stream.allow_negative or overrides is not None
    result = replay_stream(state, batch_qty, sequence, allow_negative)
    last = (later[-1].date, later[-1].id) if later else stream.last_position
    return _Plan(stream, list(new), result, {s.id: s for s in later}, last)


def _write(
    ledger: Ledger, plans: Sequence[_Plan], ids: Mapping[object, int], cause: int | None
) -> None:
    """Write every stream's balance caches at once, then the later moves' new values, and
    record each move whose value changed as re-valued by ``cause`` (DESIGN §3.13)."""
    updates = []
    for plan in plans:
        positions = [(m.date, ids[m.tag]) for m in plan.new]
        if plan.last is not None:
            positions.append(plan.last)
        result = plan.result
        updates.append(StreamUpdate(plan.stream, result.state, result.batch_qty, max(positions)))
    ledger.save(updates, dict(ids))
    # every later move is rewritten: its running balance moved even when its value did not
    for plan in plans:
        if plan.later:
            later = plan.later
            ledger.revalue(
                plan.stream.key, [v for v in plan.result.moves if v.key in later], dict(ids)
            )
    changes = [
        Revaluation(stored.id, stored.value, value)
        for plan in plans
        for stored, value in _recosted(plan)
    ]
    if changes:
        ledger.record_revaluations(changes, cause)


def _recosted(plan: _Plan) -> list[tuple[StoredMove, Decimal]]:
    """Stored moves whose value changed: the moves paired with them must follow (a transfer's
    receiving leg its issue; a leg out of transit the leg into it)."""
    found = []
    for valued in plan.result.moves:
        stored = plan.later.get(valued.key) if isinstance(valued.key, int) else None
        if stored is not None and valued.value != stored.value:
            found.append((stored, valued.value))
    return found


def _reach(ledger: Ledger, starts: Mapping[StreamKey, Position]) -> set[StreamKey]:
    """The streams a re-cost from ``starts`` may follow transfer legs into, transitively
    (over-approximated: every paired move after the start, changed in value or not)."""
    found: dict[StreamKey, Position] = {}
    frontier = dict(starts)
    while frontier:
        paired = ledger.paired_streams(frontier)
        frontier = {}
        for key, position in paired.items():
            known = found.get(key, starts.get(key))
            if known is None or position < known:
                found[key] = frontier[key] = position
    return set(found)


def _cascade(ledger: Ledger, plans: Sequence[_Plan], cause: int | None) -> None:
    """A re-valued move changes the value of the move paired with it: re-cost there.

    The paired moves are fetched in one go, and each of their streams is re-costed once per
    round, from its earliest affected move, with every changed move's new value. Pairs only
    point forward (a leg out of transit follows, in time and id, the leg into it), so the
    rounds end. A move paired with several (a leg into transit received short: the part
    received and the part lost) gives each its share (``domain.inventory.shares``). Every stream reached here was locked by ``_post`` in the one sorted order;
    ``lock`` only re-reads their state, which this posting has changed since.
    """
    pending = [item for plan in plans for item in _recosted(plan)]
    while pending:
        pairs = ledger.paired_moves([move.id for move, _ in pending])
        targets: dict[StreamKey, dict[int, Decimal]] = defaultdict(dict)
        firsts: dict[StreamKey, StoredMove] = {}
        for move, value in pending:
            before = ZERO  # a leg split by a short receipt: each part takes its share
            for pair in pairs.get(move.id, []):
                share = pair_share(value, move.qty, before, pair.qty)
                before += abs(pair.qty)
                if pair.basis is not ValueBasis.PAIR or pair.value == share:
                    continue
                targets[pair.key][pair.id] = share
                first = firsts.get(pair.key)
                if first is None or (pair.date, pair.id) < (first.date, first.id):
                    firsts[pair.key] = pair
        pending = []
        locked = ledger.lock(sorted(targets))
        for key in sorted(targets):
            stream = locked[key]
            first = firsts[key]
            plan = _plan(ledger, stream, [], (first.date, first.id - 1), targets[key])
            _write(ledger, [plan], {}, cause)
            pending += _recosted(plan)


def _pair_value(move: NewMove, values: Mapping[object, ValuedMove]) -> NewMove:
    if move.basis is not ValueBasis.PAIR or move.pair_tag is None:
        return move  # a pair posted earlier gave its value already
    pair = values.get(move.pair_tag)
    if pair is None:
        raise RuntimeError(f"transfer leg {move.tag!r} valued before its issuing leg")
    return replace(move, value=-pair.value)


def _cause(new: Sequence[NewMove]) -> NewMove:
    """The move of this posting that leaves a later one short: the first that takes stock
    out of the stream (a backdated issue, or the undoing of a receipt)."""
    return next((m for m in new if m.qty < 0), new[0])
