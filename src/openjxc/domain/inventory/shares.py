"""A paired move's value: its share, by quantity, of the move it is paired with.

A transfer's receiving leg takes the whole value of its issuing leg. A two-step transfer
received short splits the leg into transit between the part received and the part lost:
each takes its share of the leg's value by quantity, and the shares, rounded to the cent
*cumulatively* in id order, sum exactly to the leg's value (the last share takes the
remainder). Posting, re-costing and doctor all value a ``pair`` move with this one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openjxc.domain.shared.numbers import ZERO, round_money


def pair_share(
    paired_value: Decimal, paired_qty: Decimal, before: Decimal, qty: Decimal
) -> Decimal:
    """The value of a ``pair`` move of quantity ``qty`` paired with a move of
    ``paired_qty`` and ``paired_value``, when the moves paired with it before this one (in id
    order) took ``before`` of its quantity (all quantities as magnitudes or signed alike)."""
    whole, part, prior = abs(paired_qty), abs(qty), abs(before)
    if (prior == ZERO and part == whole) or whole == ZERO:
        return ZERO - paired_value  # the ordinary transfer leg: the whole value, opposite
    upto = round_money(paired_value * (prior + part) / whole)
    return round_money(paired_value * prior / whole) - upto


def split_shares(
    paired_value: Decimal, paired_qty: Decimal, parts: Sequence[Decimal]
) -> list[Decimal]:
    """:func:`pair_share` for each of ``parts``, paired with one move in this order."""
    values, before = [], ZERO
    for part in parts:
        values.append(pair_share(paired_value, paired_qty, before, part))
        before += abs(part)
    return values
