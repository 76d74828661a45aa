from decimal import Decimal

import pytest

from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.shared.errors import ValidationError


def _setting() -> StockSetting:
    return StockSetting(product_id=1, warehouse_id=1)


def test_levels_in_order_are_kept() -> None:
    setting = _setting()
    setting.set_levels(Decimal(10), Decimal(20), Decimal(60))
    assert (setting.safety_stock, setting.reorder_point, setting.max_stock) == (10, 20, 60)
    assert not setting.is_empty


def test_safety_stock_above_the_maximum_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _setting().set_levels(Decimal(70), None, Decimal(60))
    assert error.value.code == "stock_levels_out_of_order"
    assert error.value.params == {"field": "safety_stock", "other_field": "max_stock"}


def test_a_reorder_point_below_safety_stock_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _setting().set_levels(Decimal(10), Decimal(5), None)
    assert error.value.params["other_field"] == "reorder_point"


def test_negative_levels_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _setting().set_levels(None, Decimal(-1), None)
    assert error.value.code == "negative"
    assert error.value.params["field"] == "reorder_point"


def test_no_level_at_all_is_an_empty_setting() -> None:
    setting = _setting()
    setting.set_levels(None, None, None)
    assert setting.is_empty
