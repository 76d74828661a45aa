"""The moving-average replay loop gives exactly what the general replay gives.

``replay_stream`` values the usual moving-average moves inline (the re-costing hot path) and
hands the rest to the valuation functions; the general replay hands every move to them.
For any sequence — short stock, negative stock settled by receipts, fixed-value issues,
batches — both must agree on every figure, every shortage, and every refusal.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openjxc.domain.inventory.stream import (
    StreamMove,
    ValueBasis,
    _replay,
    replay_stream,
)
from openjxc.domain.inventory.valuation import MovingAverageState
from openjxc.domain.shared.errors import DomainError

quantities = st.integers(1, 5000).map(lambda n: Decimal(n).scaleb(-2))
values = st.integers(0, 500_000).map(lambda n: Decimal(n).scaleb(-2))
costs = st.integers(0, 900_000).map(lambda n: Decimal(n).scaleb(-4))


@st.composite
def stream_moves(draw: st.DrawFn) -> list[StreamMove]:
    moves = []
    for key in range(draw(st.integers(1, 40))):
        inbound = draw(st.booleans())
        qty = draw(quantities)
        basis = draw(st.sampled_from(list(ValueBasis)))
        value = draw(values) if basis is not ValueBasis.COST else Decimal(0)
        batch = draw(st.one_of(st.none(), st.integers(1, 3)))
        fallback = draw(costs)
        moves.append(
            StreamMove(
                key, qty if inbound else -qty, basis, value if inbound else -value, batch, fallback
            )
        )
    return moves


@st.composite
def start_states(draw: st.DrawFn) -> MovingAverageState:
    qty = draw(st.integers(-2000, 2000).map(lambda n: Decimal(n).scaleb(-2)))
    if qty == 0:
        return MovingAverageState(qty, Decimal(0), draw(st.one_of(st.none(), costs)))
    value = draw(values)
    value = value if qty > 0 else -value
    cost = (value / qty).quantize(Decimal("0.000001")) if qty > 0 else draw(costs)
    return MovingAverageState(qty, value, cost)


def outcome(replay, state, moves, allow_negative):  # type: ignore[no-untyped-def]
    try:
        return replay(state, {1: Decimal(5), 2: Decimal(0)}, moves, allow_negative)
    except DomainError as error:
        return ("refused", error.code)


@settings(max_examples=400, deadline=None)
@given(start_states(), stream_moves(), st.booleans())
def test_inline_average_replay_equals_general_replay(
    state: MovingAverageState, moves: list[StreamMove], allow_negative: bool
) -> None:
    assert outcome(replay_stream, state, moves, allow_negative) == outcome(
        _replay, state, moves, allow_negative
    )


def test_a_long_average_stream_values_each_move_at_the_running_average() -> None:
    """Hand-computed: 10 @ 2.00 on hand, receive 10 @ 3.00, issue 5, issue the rest."""
    state = MovingAverageState(Decimal(10), Decimal("20.00"), Decimal(2))
    moves = [
        StreamMove("r", Decimal(10), ValueBasis.GIVEN, Decimal("30.00")),
        StreamMove("i1", Decimal(-5), ValueBasis.COST),
        StreamMove("i2", Decimal(-15), ValueBasis.COST),
    ]
    result = replay_stream(state, {}, moves, allow_negative=False)
    assert [(v.value, v.qty_after, v.value_after, v.cost_after) for v in result.moves] == [
        (Decimal("30.00"), 20, Decimal("50.00"), Decimal("2.5")),
        (Decimal("-12.50"), 15, Decimal("37.50"), Decimal("2.5")),
        (Decimal("-37.50"), 0, Decimal("0.00"), Decimal("2.5")),
    ]
    assert result.shortages == ()
    assert result.state == MovingAverageState(Decimal(0), Decimal(0), Decimal("2.5"))
