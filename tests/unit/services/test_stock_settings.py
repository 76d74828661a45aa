"""Stock levels per product and warehouse (services/stock_settings.py) on the in-memory
unit of work."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.products import ProductData, create_product
from openjxc.services.stock_settings import set_stock_setting
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor.system()


def _world() -> tuple[FakeUnitOfWork, int, int]:
    uow = FakeUnitOfWork()
    flour = create_product(
        ProductData(code="FLOUR", name="面粉", base_unit="kg", base_unit_decimals=3), ADMIN, uow
    )
    with uow:
        uow.warehouses.add(store := Warehouse(code="WH1", name="主仓", organisation_id=1))
        uow.commit()
    return uow, flour.id or 0, store.id or 0


def test_levels_set_for_a_product_are_found_again_for_its_warehouse() -> None:
    uow, flour, store = _world()
    set_stock_setting("FLOUR", "WH1", "10", "20.5", "100", ADMIN, uow)
    setting = uow.stock_settings.of(flour, store)
    assert setting is not None
    assert (setting.safety_stock, setting.reorder_point, setting.max_stock) == (
        D("10"),
        D("20.5"),
        D("100"),
    )


def test_levels_out_of_order_are_refused_and_nothing_is_committed() -> None:
    uow, flour, store = _world()
    uow.committed = False
    with pytest.raises(ValidationError) as refused:
        set_stock_setting("FLOUR", "WH1", "10", "200", "100", ADMIN, uow)
    assert refused.value.code == "stock_levels_out_of_order"
    assert not uow.committed
    assert uow.stock_settings.of(flour, store) is None


def test_emptying_every_level_removes_the_setting() -> None:
    uow, flour, store = _world()
    set_stock_setting("FLOUR", "WH1", "10", None, None, ADMIN, uow)
    assert set_stock_setting("FLOUR", "WH1", None, None, None, ADMIN, uow) is None
    assert uow.stock_settings.of(flour, store) is None
    assert uow.fake_audit.actions[-1] == "stock_setting.delete"
