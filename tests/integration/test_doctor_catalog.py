from sqlalchemy import insert, update

from openjxc.adapters.db.tables import catalog
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries.doctor import check_references
from openjxc.services.demo import load_demo_data


def test_the_demo_data_passes_the_catalog_checks(system: System) -> None:
    load_demo_data(system.uow, Actor.system())
    with system.read_sessions() as session:
        assert check_references(session) == []


def test_a_barcode_naming_a_unit_its_product_lacks_is_reported(system: System) -> None:
    load_demo_data(system.uow, Actor.system())
    with system.engine.begin() as connection:
        product = connection.execute(
            catalog.product.select().where(catalog.product.c.code == "02010001")
        ).one()
        connection.execute(
            insert(catalog.product_barcode).values(barcode="X1", product_id=product.id, unit="托")
        )
    with system.read_sessions() as session:
        assert check_references(session) == [f"barcode X1: product {product.id} has no unit 托"]


def test_a_cycle_in_the_category_tree_is_reported(system: System) -> None:
    load_demo_data(system.uow, Actor.system())
    with system.engine.begin() as connection:
        c = catalog.category
        top = connection.execute(c.select().where(c.c.code == "01")).one()
        child = connection.execute(c.select().where(c.c.code == "0101")).one()
        connection.execute(update(c).where(c.c.id == top.id).values(parent_id=child.id))
    with system.read_sessions() as session:
        problems = check_references(session)
    assert f"category {top.id}: its parents form a cycle" in problems
