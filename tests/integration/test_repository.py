"""The generic repository: an aggregate and its children in one statement, NULL criteria."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.services import products


@contextmanager
def _statements(system: System) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(system.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(system.engine, "before_cursor_execute", count)


def test_get_by_loads_the_aggregate_with_its_children_in_one_statement(
    system: System, admin: Actor
) -> None:
    products.create_product(
        products.ProductData(
            "P1",
            "商品",
            "个",
            units=(UnitSpec("箱", "12"), UnitSpec("包", "6")),
            barcodes=("6901234567892",),
        ),
        admin,
        system.uow(),
    )
    with system.uow() as uow:
        with _statements(system) as seen:
            product = uow.products.get_by(code="P1")
            assert product is not None
            assert [u.name for u in product.units] == ["箱", "包"]
            assert product.factor_of("箱") == 12
        assert len(seen) == 1, seen
        # barcodes are read when first asked for
        with _statements(system) as seen:
            assert product.barcodes_of("个") == ["6901234567892"]
        assert len(seen) == 1
        assert uow.products.get_by(code="nothing") is None
        assert uow.products.lock_by(code="P1") is product
    with system.uow() as uow, _statements(system) as seen:
        by_id = uow.products.get(product.id or 0)
        assert by_id is not None
        assert [u.name for u in by_id.units] == ["箱", "包"]
        assert uow.products.get(product.id or 0) is by_id  # the session's own copy
        assert len(seen) == 1, seen


def test_get_by_matches_null_criteria_with_is_null(system: System, admin: Actor) -> None:
    products.create_product(products.ProductData("P1", "商品", "个"), admin, system.uow())
    with system.uow() as uow:
        found = uow.products.get_by(code="P1", category_id=None)
        assert found is not None
        assert found.code == "P1"
        assert uow.products.get_by(code="P1", shelf_life_days=None, category_id=None) is found
        assert uow.products.get_by(code=None) is None
