"""A small stocked world: a head office, two warehouses, products of every kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.services import organisations, products, warehouses
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput

DAY = date(2026, 10, 10)


@pytest.fixture
def world(system: System, admin: Actor) -> System:
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), admin, system.uow()
    )
    for code, negative in (("W1", False), ("W2", False), ("NEG", True)):
        warehouses.create_warehouse(
            warehouses.WarehouseData(code, f"仓库{code}", "HQ", allow_negative_stock=negative),
            admin,
            system.uow(),
        )
    catalogue = [
        products.ProductData(
            "MA", "移动平均商品", "个", units=(UnitSpec("箱", "24"),), purchase_price="2"
        ),
        products.ProductData(
            "FIFO", "先进先出商品", "个", valuation_method="fifo", purchase_price="2"
        ),
        products.ProductData(
            "KG", "面粉", "kg", base_unit_decimals=3, units=(UnitSpec("袋", "25"),)
        ),
        products.ProductData(
            "CREAM", "淡奶油", "kg", base_unit_decimals=3, tracking="batch", shelf_life_days=30
        ),
    ]
    for data in catalogue:
        products.create_product(data, admin, system.uow())
    return system


Post = Callable[..., Any]


@pytest.fixture
def post(world: System, admin: Actor) -> Post:
    """Create and approve a document: ``post("other_receipt", ("MA", "10", "2.50"), ...)``."""

    def _post(
        kind: str,
        *lines: tuple[Any, ...],
        warehouse: str = "W1",
        day: date = DAY,
        approve: bool = True,
        **header: Any,
    ) -> str:
        inputs = []
        for line in lines:
            product, qty, *rest = line
            extra = dict(rest[0]) if rest and isinstance(rest[0], dict) else {}
            if rest and not isinstance(rest[0], dict):
                extra["unit_cost"] = rest[0]
            inputs.append(LineInput(product=product, qty=qty, **extra))
        doc = documents.create_document(
            DocumentInput(kind, day, warehouse, inputs, **header), admin, world.uow()
        )
        if approve:
            approval.approve_document(doc.number, admin, world.uow())
        return doc.number

    return _post


def balance(system: System, product: str, warehouse: str = "W1") -> tuple[Decimal, Decimal]:
    """(on hand, value) straight from the balance cache."""
    from sqlalchemy import select

    from openjxc.adapters.db.tables import catalog, inventory

    sb, p, w = inventory.stock_balance, catalog.product, catalog.warehouse
    with system.read_sessions() as session:
        row = session.execute(
            select(sb.c.on_hand, sb.c.value)
            .join(p, p.c.id == sb.c.product_id)
            .join(w, w.c.id == sb.c.warehouse_id)
            .where(p.c.code == product, w.c.code == warehouse)
        ).first()
    return (row.on_hand, row.value) if row else (Decimal(0), Decimal(0))


def doctor(system: System) -> list[str]:
    from openjxc.queries.ledger_checks import check_ledger

    with system.read_sessions() as session:
        return check_ledger(session)
