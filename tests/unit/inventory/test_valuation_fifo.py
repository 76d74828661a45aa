"""FIFO, worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.inventory.valuation.fifo import FifoState, Layer, issue, receive
from openjxc.domain.inventory.valuation.results import Consumption
from openjxc.domain.shared.errors import ValidationError


def test_issues_consume_the_oldest_layers_first() -> None:
    state, _ = receive(FifoState(), D("10"), unit_cost=D("2.00"), ref="A")
    state, _ = receive(state, D("5"), unit_cost=D("3.00"), ref="B")
    state, out = issue(state, D("12"))
    # all of A: 10 x 2.00 = 20.00; 2 of B: 2 x 3.00 = 6.00; together 26.00
    assert out.layers_consumed == (
        Consumption("A", D("10"), D("20.00")),
        Consumption("B", D("2"), D("6.00")),
    )
    assert (out.value, out.unit_cost) == (D("-26.00"), D("2.166667"))
    assert state.layers == (Layer(D("3"), D("3.00"), D("9.00"), "B"),)
    state, _ = receive(state, D("4"), unit_cost=D("2.50"), ref="C")
    state, out = issue(state, D("7"))
    # the rest of B, 9.00, then all of C, 4 x 2.50 = 10.00
    assert [(c.layer_ref, c.value) for c in out.layers_consumed] == [
        ("B", D("9.00")),
        ("C", D("10.00")),
    ]
    assert (out.value, state.layers, state.qty, state.value) == (D("-19.00"), (), D("0"), D("0"))


def test_a_layer_issued_to_the_end_gives_up_exactly_what_it_holds() -> None:
    state, _ = receive(FifoState(), D("3"), value=D("1.00"), ref=1)
    # 1.00 / 3 = 0.333333 a unit; one unit at a time is 0.33, 0.33, then the 0.34 left
    assert state.layers[0].unit_cost == D("0.333333")
    values = []
    for _ in range(3):
        state, out = issue(state, D("1"))
        values.append(out.value)
    assert values == [D("-0.33"), D("-0.33"), D("-0.34")]
    assert state.layers == ()


def test_a_partly_issued_layer_never_gives_up_more_than_it_holds() -> None:
    # 0.50 / 1,000,000 = 0.0000005, rounded up to 0.000001 a unit; 999,999 units at that
    # rate would be 1.00, more than the layer's 0.50, so the issue takes the 0.50 it has
    state, _ = receive(FifoState(), D("1000000"), value=D("0.50"))
    state, out = issue(state, D("999999"))
    assert (out.value, state.qty, state.value) == (D("-0.50"), D("1"), D("0"))


def test_an_issue_beyond_the_layers_leaves_one_negative_layer_at_the_last_cost() -> None:
    state, _ = receive(FifoState(), D("2"), unit_cost=D("4.00"), ref="A")
    state, out = issue(state, D("5"), ref="X")
    # 2 x 4.00 from A = 8.00, then 3 short at the last cost 4.00 = 12.00
    assert out.layers_consumed == (Consumption("A", D("2"), D("8.00")),)
    assert (out.value, out.provisional_qty, out.provisional_value) == (
        D("-20.00"),
        D("3"),
        D("12.00"),
    )
    assert state.layers == (Layer(D("-3"), D("4.00"), D("-12.00"), "X"),)
    state, out = issue(state, D("1"), ref="Y")
    # the shortfall grows in the same layer: 4 short worth -16.00
    assert (out.layers_consumed, out.value) == ((), D("-4.00"))
    assert state.layers == (Layer(D("-4"), D("4.000000"), D("-16.00"), "X"),)


def test_a_receipt_fills_the_negative_layer_before_it_becomes_a_layer() -> None:
    state = FifoState((Layer(D("-4"), D("4.00"), D("-16.00"), "X"),), D("4.00"))
    state, into = receive(state, D("6"), unit_cost=D("5.00"), ref="B")
    # 6 x 5.00 = 30.00; the 4 short truly cost 30.00 x 4/6 = 20.00, were charged 16.00:
    # adjustment 16.00 - 20.00 = -4.00; the 2 left form layer B worth 10.00 = -16 + 30 - 4
    assert (into.value, into.adjustment) == (D("30.00"), D("-4.00"))
    assert state.layers == (Layer(D("2"), D("5.00"), D("10.00"), "B"),)


def test_a_receipt_smaller_than_the_shortfall_leaves_a_smaller_negative_layer() -> None:
    state = FifoState((Layer(D("-4"), D("4.00"), D("-16.00"), "X"),), D("4.00"))
    state, into = receive(state, D("1"), unit_cost=D("3.00"), ref="B")
    # the filled unit was charged 16.00 x 1/4 = 4.00 and cost 3.00: adjustment +1.00
    assert into.adjustment == D("1.00")
    assert state.layers == (Layer(D("-3"), D("4.00"), D("-12.00"), "X"),)
    assert state.last_unit_cost == D("3.00")


def test_an_issue_from_an_empty_stream_uses_the_fallback_cost() -> None:
    state, out = issue(FifoState(), D("2"), fallback_cost=D("1.25"), ref=9)
    assert (out.value, state.layers) == (D("-2.50"), (Layer(D("-2"), D("1.25"), D("-2.50"), 9),))


@pytest.mark.parametrize(
    "layers",
    [
        (Layer(D("0"), D("1"), D("0")),),
        (Layer(D("1"), D("1"), D("1.00")), Layer(D("-1"), D("1"), D("-1.00"))),
        (Layer(D("1"), D("1"), D("-1.00")),),
    ],
)
def test_impossible_layers_are_refused(layers: tuple[Layer, ...]) -> None:
    with pytest.raises(ValidationError) as error:
        FifoState(layers)
    assert error.value.code == "valuation_state_inconsistent"


def test_an_issue_can_take_a_named_layer_first() -> None:
    """Undoing receipt "b" takes b's own goods back out, not the oldest layer's."""
    state, _ = receive(FifoState(), D(10), unit_cost=D(1), ref="a")
    state, _ = receive(state, D(10), unit_cost=D(2), ref="b")
    state, result = issue(state, D(12), first="b")
    assert result.value == D("-22.00")
    assert [(c.layer_ref, c.qty, c.value) for c in result.layers_consumed] == [
        ("b", D(10), D("20.00")),
        ("a", D(2), D("2.00")),
    ]
    assert [(layer.ref, layer.qty, layer.value) for layer in state.layers] == [
        ("a", D(8), D("8.00"))
    ]
