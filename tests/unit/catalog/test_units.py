from decimal import Decimal

import pytest

from openjxc.domain.catalog.units import UnitSpec, plan_units
from openjxc.domain.shared.errors import Conflict, ValidationError


def _error(base_decimals: int, *units: UnitSpec, barcodes: tuple[str, ...] = ()) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        plan_units("个", base_decimals, units, barcodes)
    return caught.value


def test_a_plan_keeps_exact_factors_and_names_the_unit_of_each_barcode() -> None:
    plan = plan_units(
        "瓶", 0, [UnitSpec("箱", "24", "6938888000017"), UnitSpec("提", 6)], ["6938888000024"]
    )
    assert plan.units == (("箱", Decimal(24)), ("提", Decimal(6)))
    assert plan.barcodes == (("6938888000024", "瓶"), ("6938888000017", "箱"))


@pytest.mark.parametrize(
    ("factor", "code"),
    [
        ("0", "unit_factor_not_positive"),
        ("-24", "unit_factor_not_positive"),
        ("abc", "unit_factor_not_a_number"),
        ("", "unit_factor_not_a_number"),
        (0.5, "unit_factor_not_a_number"),
    ],
)
def test_a_factor_that_is_not_a_positive_number_is_refused_naming_the_unit(
    factor: object, code: str
) -> None:
    error = _error(0, UnitSpec("箱", factor))
    assert error.code == code
    assert error.params["unit"] == "箱"
    assert error.params["field"] == "units.0.factor"


def test_a_factor_that_is_not_a_whole_number_of_an_indivisible_base_unit_is_refused() -> None:
    error = _error(0, UnitSpec("半箱", "12.5"))
    assert error.code == "unit_factor_not_whole"
    assert error.params["unit"] == "半箱"
    assert error.params["scale"] == 0


def test_a_divisible_base_unit_accepts_factors_as_fine_as_its_decimals() -> None:
    plan = plan_units("kg", 3, [UnitSpec("块", "0.454")], [])
    assert plan.units == (("块", Decimal("0.454")),)
    with pytest.raises(ValidationError) as error:
        plan_units("kg", 3, [UnitSpec("克", "0.0001")], [])
    assert error.value.code == "unit_factor_not_whole"


def test_a_unit_name_used_twice_is_refused() -> None:
    error = _error(0, UnitSpec("箱", 24), UnitSpec("箱", 12))
    assert error.code == "duplicate_unit"
    assert error.params["field"] == "units.1.name"


def test_a_unit_named_like_the_base_unit_is_refused() -> None:
    assert _error(0, UnitSpec("个", 1)).code == "duplicate_unit"


def test_base_unit_decimals_must_be_between_0_and_6() -> None:
    for bad in (-1, 7):
        with pytest.raises(ValidationError) as error:
            plan_units("kg", bad, [], [])
        assert error.value.code == "out_of_range"


def test_the_same_barcode_twice_in_one_product_is_a_conflict() -> None:
    with pytest.raises(Conflict) as error:
        plan_units("个", 0, [UnitSpec("箱", 24, "111")], ["111"])
    assert error.value.code == "barcode_repeated"
    assert error.value.params["value"] == "111"


@pytest.mark.parametrize("bad", ["has space", "a/b", "x" * 65, "条码"])
def test_barcodes_with_characters_a_scanner_cannot_type_are_refused(bad: str) -> None:
    assert _error(0, barcodes=(bad,)).code == "invalid_barcode"
