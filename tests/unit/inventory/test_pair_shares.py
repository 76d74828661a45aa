"""A paired move's share of its pair's value: exact, the last share takes the remainder."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.inventory.shares import pair_share, split_shares


def test_an_ordinary_transfer_leg_takes_the_whole_value_opposite() -> None:
    assert pair_share(D("-10.00"), D(-4), D(0), D(4)) == D("10.00")


def test_shares_round_to_the_cent_and_the_last_takes_the_remainder() -> None:
    assert split_shares(D("6.02"), D(3), [D(-1), D(-2)]) == [D("-2.01"), D("-4.01")]
    assert split_shares(D("10.00"), D(3), [D(-1), D(-1), D(-1)]) == [
        D("-3.33"),
        D("-3.34"),
        D("-3.33"),
    ]


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.lists(st.integers(min_value=1, max_value=10**4), min_size=1, max_size=6),
)
def test_shares_always_sum_to_the_whole_value(cents: int, parts: list[int]) -> None:
    value = D(cents).scaleb(-2)
    shares = split_shares(value, D(sum(parts)), [D(-p) for p in parts])
    assert sum(shares) == -value
    assert all(s == s.quantize(D("0.01")) for s in shares)
