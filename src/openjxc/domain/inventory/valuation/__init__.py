"""Stock valuation, pure: a state and a move in, a new state and the move's valuation out.

``new_state(method)`` starts a stream (one product, warehouse[, batch]); ``receive`` and
``issue`` value one move each; ``replay`` values a sequence. States are immutable, and for
every stream ``state.value == sum(result.value + result.adjustment)`` over its moves.
"""

from openjxc.domain.inventory.valuation.fifo import FifoState, Layer
from openjxc.domain.inventory.valuation.methods import (
    ValuationMethod,
    ValuationState,
    issue,
    method_of,
    new_state,
    receive,
    valuation_method,
)
from openjxc.domain.inventory.valuation.moving_average import MovingAverageState
from openjxc.domain.inventory.valuation.replay import Move, replay
from openjxc.domain.inventory.valuation.results import Consumption, LayerRef, MoveValuation

__all__ = [
    "Consumption",
    "FifoState",
    "Layer",
    "LayerRef",
    "Move",
    "MoveValuation",
    "MovingAverageState",
    "ValuationMethod",
    "ValuationState",
    "issue",
    "method_of",
    "new_state",
    "receive",
    "replay",
    "valuation_method",
]
