"""Sale price rules (services/trading/prices.py) on the in-memory unit of work."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Product
from openjxc.domain.shared.errors import PermissionDenied, ValidationError
from openjxc.services.partners import PartnerData, create_partner
from openjxc.services.products import ProductData, create_product
from openjxc.services.trading.prices import (
    default_sale_price,
    quote_price,
    set_customer_price,
    set_level_price,
)
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor.system()


def _world(price_level: int | None = 3) -> tuple[FakeUnitOfWork, Partner, Product]:
    uow = FakeUnitOfWork()
    cafe = create_partner(
        PartnerData("K1", "街角咖啡", "customer", price_level=price_level), ADMIN, uow
    )
    milk = create_product(
        ProductData(code="MILK", name="牛奶", base_unit="瓶", list_price="6"), ADMIN, uow
    )
    return uow, cafe, milk


def test_the_customer_price_beats_the_level_price() -> None:
    uow, cafe, milk = _world()
    set_level_price("MILK", 3, "5", ADMIN, uow)
    set_customer_price("K1", "MILK", "4.5", ADMIN, uow)
    assert default_sale_price(uow, cafe, milk) == (D("4.5"), "customer")


def test_the_level_price_of_the_customer_s_level_beats_the_list_price() -> None:
    uow, cafe, milk = _world()
    set_level_price("MILK", 2, "4", ADMIN, uow)
    set_level_price("MILK", 3, "5", ADMIN, uow)
    assert default_sale_price(uow, cafe, milk) == (D("5"), "level")


def test_a_customer_without_a_level_gets_the_list_price() -> None:
    uow, cafe, milk = _world(price_level=None)
    set_level_price("MILK", 3, "5", ADMIN, uow)
    assert default_sale_price(uow, cafe, milk) == (D("6"), "list")


def test_the_last_price_comes_before_the_level_price_unless_it_is_switched_off() -> None:
    uow, cafe, milk = _world()
    set_level_price("MILK", 3, "5", ADMIN, uow)
    uow.fake_prices.last[(cafe.id or 0, milk.id or 0)] = D("5.5")
    assert default_sale_price(uow, cafe, milk) == (D("5.5"), "last")
    uow.fake_settings.put("trade.use_last_price", False)
    assert default_sale_price(uow, cafe, milk) == (D("5"), "level")


def test_removing_the_customer_price_falls_back_to_the_next_source() -> None:
    uow, _, _ = _world()
    set_customer_price("K1", "MILK", "4.5", ADMIN, uow)
    set_customer_price("K1", "MILK", None, ADMIN, uow)
    assert quote_price("K1", "MILK", ADMIN, uow) == (D("6"), "list")


@pytest.mark.parametrize("level", [0, 11])
def test_a_level_price_for_a_level_outside_one_to_ten_is_refused(level: int) -> None:
    uow, _, _ = _world()
    uow.committed = False
    with pytest.raises(ValidationError) as refused:
        set_level_price("MILK", level, "5", ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == ("out_of_range", "price_level")
    assert not uow.committed
    assert uow.fake_prices.level == {}


def test_a_negative_customer_price_is_refused_and_nothing_is_committed() -> None:
    uow, _, _ = _world()
    uow.committed = False
    with pytest.raises(ValidationError, match="negative"):
        set_customer_price("K1", "MILK", "-1", ADMIN, uow)
    assert not uow.committed
    assert uow.fake_prices.customer == {}


def test_a_customer_price_for_an_unknown_product_is_refused() -> None:
    uow, _, _ = _world()
    with pytest.raises(ValidationError) as refused:
        set_customer_price("K1", "TEA", "3", ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == ("unknown_reference", "product")


def test_a_price_quote_is_only_for_who_may_see_sale_prices() -> None:
    uow, _, _ = _world()
    keeper = Actor.system(permissions=["catalog.read"])
    with pytest.raises(PermissionDenied, match=r"price\.read"):
        quote_price("K1", "MILK", keeper, uow)
    seller = Actor.system(permissions=["catalog.read", "price.read"])
    assert quote_price("K1", "MILK", seller, uow) == (D("6"), "list")
