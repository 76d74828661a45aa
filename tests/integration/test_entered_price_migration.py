"""Migration 0008 gives each priced line saved before it its price as entered, tax-exclusive
(SQLite, PostgreSQL); lines without a price stay without one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from openjxc.adapters.db import migrate
from openjxc.adapters.db.engine import make_engine
from openjxc.adapters.db.tables import inventory
from tests.integration.test_counted_at_migration import _stocktake_at_0004


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    return empty_database_url


def test_a_line_priced_before_the_upgrade_was_entered_at_its_net_price(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0004")
    _stocktake_at_0004(engine)  # lines 1-3 carry no price
    migrate.upgrade(engine, "0007")
    one = Decimal(1)
    with engine.begin() as connection:
        connection.execute(
            insert(inventory.document_line).values(
                id=4,
                document_id=2,
                line_no=4,
                product_id=1,
                unit="个",
                qty=one,
                factor=one,
                base_qty=one,
                price=Decimal("141.59292"),
                tax_rate=Decimal("0.13"),
            )
        )

    migrate.upgrade(engine)

    assert migrate.schema_drift(engine) == []
    ln = inventory.document_line
    with engine.connect() as connection:
        rows = connection.execute(
            select(ln.c.id, ln.c.price, ln.c.entered_price, ln.c.entered_price_tax_included)
        )
        entered = {r.id: (r.entered_price, r.entered_price_tax_included) for r in rows}
    engine.dispose()
    assert entered == {
        1: (None, None),
        2: (None, None),
        3: (None, None),
        4: (Decimal("141.59292"), False),
    }
