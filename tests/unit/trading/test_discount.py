"""Line discounts (折扣率/折扣额) and the order discount (整单优惠) shared out to lines."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading.discount import allocate, line_discount, split_share
from openjxc.domain.trading.tax import line_amounts

cents = st.integers(min_value=0, max_value=10**12).map(lambda c: D(c) / 100)


def test_a_line_discount_comes_off_before_tax() -> None:
    # 3 × 10.00 = 30.00, 10% off = 3.00, 27.00 × 13% = 3.51
    discount = line_discount(D("30.00"), D("0.1"), None)
    amounts = line_amounts(D("3"), D("10"), D("0.13"), tax_included=False, line_discount=discount)
    assert (discount, amounts.net_amount, amounts.tax, amounts.total) == (
        D("3.00"),
        D("27.00"),
        D("3.51"),
        D("30.51"),
    )


def test_a_tax_inclusive_discount_comes_off_the_tax_inclusive_amount() -> None:
    amounts = line_amounts(
        D("2"), D("11.30"), D("0.13"), tax_included=True, line_discount=D("2.26")
    )
    assert (amounts.net_amount, amounts.tax, amounts.total) == (D("18.00"), D("2.34"), D("20.34"))


def test_a_rate_and_an_amount_that_agree_are_accepted() -> None:
    assert line_discount(D("30.00"), D("0.05"), D("1.50")) == D("1.50")


@pytest.mark.parametrize(
    ("rate", "amount", "code"),
    [
        (D("0.05"), D("2.00"), "discount_mismatch"),
        (None, D("30.01"), "discount_exceeds_amount"),
        (None, D("-1"), "negative"),
        (D("1.01"), None, "out_of_range"),
        (D("-0.01"), None, "out_of_range"),
    ],
)
def test_a_discount_that_does_not_fit_the_line_is_refused(
    rate: D | None, amount: D | None, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        line_discount(D("30.00"), rate, amount)
    assert raised.value.code == code


def test_the_order_discount_is_shared_by_largest_remainder() -> None:
    # 10.00 over 1:1:1 → 3.33 each and the odd cent to the first
    assert allocate(D("10.00"), [D("5"), D("5"), D("5")]) == [D("3.34"), D("3.33"), D("3.33")]
    assert allocate(D("1.00"), [D("300.00"), D("100.00")]) == [D("0.75"), D("0.25")]
    assert allocate(D("0.01"), [D("1.00"), D("0"), D("2.00")]) == [D("0"), D("0"), D("0.01")]
    assert allocate(D("0"), [D("0"), D("0")]) == [D("0"), D("0")]


@given(
    amount_share=st.fractions(min_value=0, max_value=1),
    weights=st.lists(cents, min_size=1, max_size=30).filter(lambda ws: sum(ws) > 0),
)
def test_shared_parts_sum_exactly_none_negative_each_within_a_cent(
    amount_share: Fraction, weights: list[D]
) -> None:
    whole = sum(weights, D(0))
    amount = (whole * amount_share.numerator / amount_share.denominator).quantize(
        D("0.01"), "ROUND_FLOOR"
    )
    parts = allocate(amount, weights)
    assert sum(parts, D(0)) == amount
    assert all(part >= 0 for part in parts)
    assert all(part <= weight for part, weight in zip(parts, weights, strict=True))
    for part, weight in zip(parts, weights, strict=True):
        exact = amount * weight / whole
        assert abs(part - exact) < D("0.01")
        if weight == 0:
            assert part == 0
    # a larger line never gets a smaller share than a smaller line (beyond the odd cent)
    for a, wa in zip(parts, weights, strict=True):
        for b, wb in zip(parts, weights, strict=True):
            if wa > wb:
                assert a >= b


@given(
    net=cents,
    rate=st.sampled_from([D("0"), D("0.06"), D("0.09"), D("0.13"), D("0.9999")]),
    fraction=st.integers(min_value=0, max_value=100),
)
def test_a_share_splits_into_net_and_tax_without_taking_either_below_zero(
    net: D, rate: D, fraction: int
) -> None:
    tax = (net * rate).quantize(D("0.01"), "ROUND_HALF_UP")
    share = ((net + tax) * fraction / 100).quantize(D("0.01"), "ROUND_FLOOR")
    off_net, off_tax = split_share(share, net, tax, rate)
    assert off_net + off_tax == share
    assert 0 <= off_net <= net
    assert 0 <= off_tax <= tax
