"""The fakes behave like the unit of work they stand for, where the tests rely on it."""

from __future__ import annotations

import pytest

from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.product import Barcode, Product
from tests.unit.fakes import FakeUnitOfWork


def test_what_a_use_case_adds_without_committing_is_dropped() -> None:
    uow = FakeUnitOfWork()
    with uow:
        uow.categories.add(Category(code="DAIRY", name="乳品"))
        assert uow.categories.by_code("DAIRY") is not None  # seen inside the transaction
    assert uow.categories.by_code("DAIRY") is None
    assert not uow.committed


def test_what_a_use_case_deletes_without_committing_stays() -> None:
    uow = FakeUnitOfWork()
    with uow:
        uow.categories.add(dairy := Category(code="DAIRY", name="乳品"))
        uow.commit()
    with uow:
        uow.categories.delete(dairy)
        assert uow.categories.by_code("DAIRY") is None
    assert uow.categories.get(dairy.id or 0) is dairy


def test_a_barcode_is_found_with_the_product_that_holds_it() -> None:
    uow = FakeUnitOfWork()
    with uow:
        milk = Product(code="MILK", name="牛奶", base_unit="瓶", barcodes=[Barcode("6901", "瓶")])
        uow.products.add(milk)
        found = uow.barcodes.by_barcode("6901")
    assert found is not None
    assert (found.product_id, found.unit) == (milk.id, "瓶")


def test_a_port_the_fakes_leave_to_the_database_says_so() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(NotImplementedError, match=r"uow\.ledger .*tests/integration"):
        uow.ledger.lock([])
