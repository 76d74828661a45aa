"""A stock quantity shown as people count it (58袋, 1箱5个), exact both ways."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.catalog.units import mixed_quantity, split_quantity

BAG = [("袋", Decimal(25))]
CASE = [("箱", Decimal(24))]


def test_kilograms_in_whole_bags_read_as_bags() -> None:
    assert mixed_quantity(Decimal(1450), "kg", BAG) == "58袋"


def test_pieces_read_as_cases_and_what_is_left_over() -> None:
    assert mixed_quantity(Decimal(29), "个", CASE) == "1箱5个"


def test_a_fraction_of_a_bag_is_left_in_kilograms_with_its_decimals() -> None:
    assert mixed_quantity(Decimal("1450.500"), "kg", BAG) == "58袋0.5kg"


def test_several_larger_units_are_used_biggest_first() -> None:
    units = [("提", Decimal(6)), ("箱", Decimal(24))]
    assert mixed_quantity(Decimal(55), "瓶", units) == "2箱1提1瓶"


def test_less_than_one_larger_unit_and_zero_have_no_second_form() -> None:
    assert mixed_quantity(Decimal(3), "个", CASE) is None
    assert mixed_quantity(Decimal(0), "个", CASE) is None
    assert mixed_quantity(Decimal(24), "个", CASE) == "1箱"


def test_a_negative_quantity_keeps_its_sign_in_front() -> None:
    assert mixed_quantity(Decimal(-29), "个", CASE) == "-1箱5个"


def test_a_product_without_a_larger_unit_has_no_mixed_form() -> None:
    assert mixed_quantity(Decimal(29), "个", []) is None
    assert mixed_quantity(Decimal("2.5"), "kg", [("克", Decimal("0.001"))]) is None


def _back(text: str, base: str, units: dict[str, Decimal]) -> Decimal:
    sign = -1 if text.startswith("-") else 1
    factors = {**units, base: Decimal(1)}
    parts = re.findall(r"([0-9.]+)([^0-9.]+)", text.lstrip("-"))
    assert "".join(n + u for n, u in parts) == text.lstrip("-")
    return sign * sum((Decimal(n) * factors[u] for n, u in parts), Decimal(0))


@given(
    decimals=st.integers(0, 3),
    scaled=st.integers(-(10**9), 10**9),
    scaled_factors=st.lists(st.integers(1, 10**5), max_size=3, unique=True),
)
def test_the_mixed_form_converts_back_to_exactly_the_quantity(
    decimals: int, scaled: int, scaled_factors: list[int]
) -> None:
    step = Decimal(1).scaleb(-decimals)
    qty = scaled * step
    units = {f"u{chr(0x4E00 + i)}": f * step for i, f in enumerate(scaled_factors)}
    text = mixed_quantity(qty, "kg", list(units.items()))
    if text is None:  # no larger unit fits: the base figure says it all
        assert all(f <= 1 or abs(qty) < f for f in units.values())
        return
    assert _back(text, "kg", units) == qty
    parts = split_quantity(qty, "kg", list(units.items()))
    # every larger-unit count is whole and the base remainder is less than the smallest unit
    *larger, last = parts
    assert all(count == count.to_integral_value() and count > 0 for count, _u, _f in larger)
    smallest = min(f for f in units.values() if f > 1)
    assert last[1] != "kg" or last[0] < smallest
