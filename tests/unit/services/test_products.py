"""Product rules (services/products.py) on the in-memory unit of work."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared.errors import Conflict, PermissionDenied, ValidationError
from openjxc.services.categories import CategoryData, create_category
from openjxc.services.products import (
    ProductData,
    create_product,
    delete_product,
    update_product,
)
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor.system()
MILK = ProductData(code="MILK", name="牛奶", base_unit="瓶", barcodes=("6901",))


def test_a_new_product_is_committed_and_audited() -> None:
    uow = FakeUnitOfWork()
    product = create_product(MILK, ADMIN, uow)
    assert uow.committed
    assert uow.products.by_code("MILK") is product
    assert uow.fake_audit.records == [("product.create", "product", product.id)]


def test_a_product_code_already_taken_is_refused_and_nothing_is_committed() -> None:
    uow = FakeUnitOfWork()
    create_product(MILK, ADMIN, uow)
    uow.committed = False
    with pytest.raises(Conflict) as refused:
        create_product(ProductData(code=" MILK ", name="另一种奶", base_unit="瓶"), ADMIN, uow)
    assert (refused.value.code, refused.value.params["value"]) == ("duplicate", "MILK")
    assert not uow.committed
    assert [p.name for p in uow.products.list_by()] == ["牛奶"]


def test_a_barcode_another_product_holds_is_refused_naming_that_product() -> None:
    uow = FakeUnitOfWork()
    create_product(MILK, ADMIN, uow)
    uow.committed = False
    juice = ProductData(code="JUICE", name="果汁", base_unit="瓶", barcodes=("6901",))
    with pytest.raises(Conflict) as refused:
        create_product(juice, ADMIN, uow)
    assert refused.value.code == "duplicate_barcode"
    assert (refused.value.params["product"], refused.value.params["unit"]) == ("MILK", "瓶")
    assert not uow.committed
    assert uow.products.by_code("JUICE") is None


def test_a_product_may_keep_its_own_barcode_when_it_is_edited() -> None:
    uow = FakeUnitOfWork()
    create_product(MILK, ADMIN, uow)
    renamed = update_product("MILK", {"name": "鲜牛奶"}, ADMIN, uow)
    assert (renamed.name, renamed.barcodes_of("瓶")) == ("鲜牛奶", ["6901"])


@pytest.mark.parametrize("factor", ["0", "-24"])
def test_a_unit_factor_that_is_not_positive_is_refused(factor: str) -> None:
    uow = FakeUnitOfWork()
    case = ProductData(code="MILK", name="牛奶", base_unit="瓶", units=(UnitSpec("箱", factor),))
    with pytest.raises(ValidationError) as refused:
        create_product(case, ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == (
        "unit_factor_not_positive",
        "units.0.factor",
    )
    assert not uow.committed


def test_a_minimum_price_above_the_list_price_is_refused() -> None:
    uow = FakeUnitOfWork()
    case = ProductData(
        code="MILK", name="牛奶", base_unit="瓶", list_price="5", min_sale_price="5.01"
    )
    with pytest.raises(ValidationError, match="min_sale_price_above_list_price"):
        create_product(case, ADMIN, uow)
    assert not uow.committed


def test_a_product_without_a_code_takes_the_next_code_of_its_category() -> None:
    uow = FakeUnitOfWork()
    create_category(CategoryData(code="DAIRY", name="乳品"), ADMIN, uow)
    data = ProductData(code=None, name="牛奶", base_unit="瓶", category="DAIRY")
    first = create_product(data, ADMIN, uow)
    second = create_product(data, ADMIN, uow)
    assert (first.code, second.code) == ("DAIRY0001", "DAIRY0002")


def test_a_generated_code_skips_one_typed_by_hand() -> None:
    uow = FakeUnitOfWork()
    create_category(CategoryData(code="DAIRY", name="乳品"), ADMIN, uow)
    create_product(ProductData(code="DAIRY0001", name="酸奶", base_unit="杯"), ADMIN, uow)
    data = ProductData(code=None, name="牛奶", base_unit="瓶", category="DAIRY")
    assert create_product(data, ADMIN, uow).code == "DAIRY0002"


def test_a_product_in_use_cannot_change_its_base_unit() -> None:
    uow = FakeUnitOfWork()
    product = create_product(MILK, ADMIN, uow)
    uow.fake_references.used.add(("product", product.id or 0))
    uow.committed = False
    with pytest.raises(Conflict) as refused:
        update_product("MILK", {"base_unit": "盒"}, ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == (
        "locked_when_in_use",
        "base_unit",
    )
    assert not uow.committed


def test_a_product_never_used_may_change_its_base_unit() -> None:
    uow = FakeUnitOfWork()
    create_product(MILK, ADMIN, uow)
    assert update_product("MILK", {"base_unit": "盒"}, ADMIN, uow).base_unit == "盒"


def test_a_product_in_use_is_not_deleted() -> None:
    uow = FakeUnitOfWork()
    product = create_product(MILK, ADMIN, uow)
    uow.fake_references.used.add(("product", product.id or 0))
    uow.committed = False
    with pytest.raises(Conflict, match="in_use"):
        delete_product("MILK", ADMIN, uow)
    assert not uow.committed
    assert uow.products.by_code("MILK") is product


def test_a_product_never_used_is_deleted() -> None:
    uow = FakeUnitOfWork()
    create_product(MILK, ADMIN, uow)
    delete_product("MILK", ADMIN, uow)
    assert uow.products.by_code("MILK") is None
    assert uow.barcodes.by_barcode("6901") is None


def test_a_clerk_without_the_catalog_permission_cannot_add_a_product() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(PermissionDenied, match=r"catalog\.write"):
        create_product(MILK, Actor.system(permissions=["catalog.read"]), uow)
    assert uow.products.list_by() == []
    assert not uow.committed


def test_the_tax_rate_must_lie_below_100_percent() -> None:
    uow = FakeUnitOfWork()
    # 13, 13% and 0.13 are 13% (parse_tax_rate): 100 is 100%, refused
    case = ProductData(code="MILK", name="牛奶", base_unit="瓶", tax_rate=D("100"))
    with pytest.raises(ValidationError, match="out_of_range"):
        create_product(case, ADMIN, uow)
