import pytest
from sqlalchemy import func, select

from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import organisations, warehouses
from openjxc.services.demo import OwnBooks, load_demo_data

TABLES = [
    catalog.organisation,
    catalog.warehouse,
    catalog.category,
    catalog.product,
    catalog.product_unit,
    catalog.product_barcode,
    catalog.partner,
    catalog.partner_contact,
    catalog.stock_setting,
    inventory.document,
    inventory.stock_move,
    trading.payment,
    trading.partner_entry,
]


def _counts(system: System) -> dict[str, int]:
    with system.read_sessions() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def test_the_demo_bakery_loads_once_and_a_second_load_changes_nothing(system: System) -> None:
    created = load_demo_data(system.uow, Actor.system())
    first = _counts(system)
    assert created == sum(
        first[t]
        for t in (
            "organisation",
            "warehouse",
            "category",
            "product",
            "partner",
            "stock_setting",
            "document",
            "payment",
        )
    )
    assert first["warehouse"] == 3
    assert first["product"] >= 15
    assert first["partner"] >= 4
    assert all(first[t] > 0 for t in first), first
    assert load_demo_data(system.uow, Actor.system()) == 0
    assert _counts(system) == first


def test_the_demo_never_goes_into_a_companys_own_books(system: System) -> None:
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), Actor.system(), system.uow()
    )
    warehouses.create_warehouse(
        warehouses.WarehouseData("MAIN", "我的仓库", "HQ"), Actor.system(), system.uow()
    )
    before = _counts(system)
    with pytest.raises(OwnBooks):
        load_demo_data(system.uow, Actor.system())
    assert _counts(system) == before


def test_the_demo_stock_reconciles(system: System) -> None:
    from tests.integration.inventory.conftest import doctor

    load_demo_data(system.uow, Actor.system())
    with system.read_sessions() as session:
        statuses = set(session.scalars(select(inventory.document.c.status)))
    # the demo trading leaves a fully received order, a delivered order (已完成), a sales
    # order waiting for approval, and everything else approved
    assert statuses == {"approved", "completed", "submitted"}
    assert doctor(system) == []


def test_the_demo_trading_has_payables_receivables_and_an_open_receipt_of_money(
    system: System,
) -> None:
    load_demo_data(system.uow, Actor.system())
    d, p = inventory.document, trading.payment
    with system.read_sessions() as session:
        counted = session.execute(select(d.c.type, func.count()).group_by(d.c.type)).all()
        types = {kind: count for kind, count in counted}
        payments = session.execute(select(p.c.type, p.c.status, p.c.amount)).all()
    assert types["purchase_order"] == 2
    assert types["purchase_receipt"] == 1
    assert types["sales_order"] == 2
    assert types["sales_delivery"] == 1
    assert [(t, s, str(a)) for t, s, a in payments] == [("customer_receipt", "approved", "100.00")]


def test_the_demo_bakery_has_the_units_a_baker_expects(system: System) -> None:
    load_demo_data(system.uow, Actor.system())
    with system.uow() as uow:
        flour = uow.products.get_by(name="高筋面粉")
        eggs = uow.products.get_by(name="鸡蛋")
        cream = uow.products.get_by(name="淡奶油")
        assert flour is not None
        assert eggs is not None
        assert cream is not None
        assert flour.to_base(2, "袋") == 50
        assert flour.base_unit == "kg"
        assert eggs.to_base(1, "箱") == 360
        assert eggs.base_unit_decimals == 0
        assert cream.tracking == "batch"
        assert cream.shelf_life_days == 30
        assert cream.base_unit_decimals == 3
