from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.catalog.product import Product, ProductUnit
from openjxc.domain.catalog.units import UnitSpec, plan_units
from openjxc.domain.shared.errors import ValidationError


def _toast() -> Product:
    return Product("02010001", "吐司", "个", 0, units=[ProductUnit("箱", Decimal(24))])


def _cream() -> Product:
    return Product("01010001", "淡奶油", "kg", 3, units=[ProductUnit("盒", Decimal(1))])


def test_a_quantity_in_another_unit_converts_exactly_to_the_base_unit() -> None:
    assert _toast().to_base("1.5", "箱") == Decimal(36)
    assert _toast().to_base(7) == Decimal(7)
    assert _toast().to_base("3", "个") == Decimal(3)
    assert _cream().to_base("0.125", "盒") == Decimal("0.125")


def test_a_quantity_that_is_not_a_whole_number_of_an_indivisible_base_unit_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _toast().to_base("0.1", "箱")  # 2.4 个
    assert error.value.code == "base_quantity_not_whole"
    assert error.value.params["base_qty"] == "2.4"
    assert error.value.params["unit"] == "箱"
    with pytest.raises(ValidationError):
        _toast().to_base("2.5")


def test_a_divisible_base_unit_refuses_more_decimals_than_it_keeps() -> None:
    with pytest.raises(ValidationError) as error:
        _cream().to_base("0.0005")
    assert error.value.code == "base_quantity_not_whole"
    assert error.value.params["scale"] == 3


def test_an_unknown_unit_is_refused_naming_it_and_the_product() -> None:
    with pytest.raises(ValidationError) as error:
        _toast().to_base(1, "托")
    assert error.value.code == "unknown_unit"
    assert error.value.params == {"field": "unit", "unit": "托", "product": "02010001"}


def test_float_quantities_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _toast().to_base(1.5, "箱")
    assert error.value.code == "not_a_number"


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=10**4))
def test_whole_quantities_of_any_unit_convert_to_qty_times_factor(qty: int, factor: int) -> None:
    product = Product("P", "p", "个", 0, units=[ProductUnit("箱", Decimal(factor))])
    assert product.to_base(qty, "箱") == qty * factor


def test_applying_units_keeps_the_rows_that_stay_and_drops_the_others() -> None:
    product = _toast()
    product.apply_units(plan_units("个", 0, [UnitSpec("箱", 24, "111")], ["222"]))
    box, barcode = product.units[0], product.barcodes[0]
    product.apply_units(plan_units("个", 0, [UnitSpec("箱", 12, "222")], ["111"]))
    assert product.units[0] is box
    assert box.factor == 12
    assert {b.barcode: b.unit for b in product.barcodes} == {"111": "个", "222": "箱"}
    assert barcode in product.barcodes
    product.apply_units(plan_units("只", 0, [], []))
    assert product.units == []
    assert product.barcodes == []
    assert product.base_unit == "只"
