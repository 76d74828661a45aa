"""Discounts: a line's own (行折扣: 折扣率/折扣额) and the order's (整单优惠) shared out to lines.

A line discount comes off ``qty × price`` before tax is worked out (DOMAIN.md, Prices and
tax). The order discount is an amount off the grand total (价税合计), so what the partner
owes is the total less it exactly; it is shared out to the lines in proportion to their
totals, to the cent (整单优惠分摊), so that each line's revenue and margin are net of its share.
Names (docs/glossary.md): ``line_discount_rate``, ``line_discount``, ``order_discount``,
``order_discount_share``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import CENT, ZERO, round_money


def line_discount(gross: Decimal, rate: Decimal | None, amount: Decimal | None) -> Decimal:
    """The line discount of a line worth ``gross``: an amount, a rate, or both (agreeing).

    ``rate`` is the part taken off (0.05 = 5% off, 九五折); the amount is in the same terms
    as the price (tax-inclusive when prices include tax).
    """
    if rate is not None and not ZERO <= rate <= 1:
        raise ValidationError("out_of_range", field="line_discount_rate", minimum="0", maximum="1")
    from_rate = None if rate is None else round_money(gross * rate)
    if amount is None:
        return from_rate if from_rate is not None else ZERO
    if amount < ZERO:
        raise ValidationError("negative", field="line_discount")
    if from_rate is not None and from_rate != amount:
        raise ValidationError(
            "discount_mismatch",
            field="line_discount",
            amount=str(amount),
            expected=str(from_rate),
        )
    if amount > gross:
        raise ValidationError("discount_exceeds_amount", field="line_discount", amount=str(gross))
    return amount


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Share ``amount`` (whole cents) out over ``weights`` in proportion, by largest remainder.

    The parts sum to ``amount`` exactly; none is negative; each is within a cent of its exact
    proportional share; a zero weight gets nothing (unless every weight is zero, when there is
    nothing to be proportional to and the amount must be zero too).
    """
    if amount < ZERO or any(w < ZERO for w in weights):
        raise ValueError("allocate takes non-negative amounts")
    whole = sum(weights, ZERO)
    if amount == ZERO or not weights:
        return [ZERO for _ in weights]
    if whole == ZERO:
        raise ValueError("nothing to allocate over")
    cents = int(amount / CENT)
    exact = [Decimal(cents) * w / whole for w in weights]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    left = cents - sum(floors)
    # the largest remainders get a cent each; ties go to the larger weight, then the earlier line
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), -weights[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def split_share(
    share: Decimal, net: Decimal, tax: Decimal, tax_rate: Decimal
) -> tuple[Decimal, Decimal]:
    """Split a line's share of the order discount into the part off 金额 and the part off 税额.

    The tax part is the share's own tax, to 0.01, kept within the line's figures, so neither
    the line's net amount nor its tax goes below zero and the two parts add up to the share.
    """
    off_net = round_money(share / (1 + tax_rate))
    off_net = min(max(off_net, share - tax), net)
    return off_net, share - off_net
