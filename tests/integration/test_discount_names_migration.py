"""Migration 0004 renames the discount columns and keeps every discount (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import Engine, insert, inspect, text

from openjxc.adapters.db import migrate
from openjxc.adapters.db.engine import make_engine
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import bootstrap
from openjxc.config import Settings

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
STAMPS = {"created_at": NOW, "updated_at": NOW}


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    return empty_database_url


def _discounted_order_at_0002(engine: Engine) -> None:
    """A sales order as release 0.1.0 stored it: 整单优惠 7.75 (scaled by 100), a line 10%
    off (折扣率 0.1 scaled by 10 000, 折扣额 15.00) sharing 2.58, a line 20.00 off sharing 5.17."""
    with engine.begin() as connection:
        connection.execute(
            insert(catalog.organisation).values(
                id=1, code="HQ", name="总部", kind="headquarters", **STAMPS
            )
        )
        connection.execute(
            insert(catalog.warehouse).values(
                id=1, code="W1", name="主仓", organisation_id=1, **STAMPS
            )
        )
        for id, code in ((1, "P1"), (2, "P2")):
            connection.execute(
                insert(catalog.product).values(
                    id=id,
                    code=code,
                    name=code,
                    base_unit="个",
                    tracking="none",
                    valuation_method="moving_average",
                    tax_rate=Decimal("0.13"),
                    **STAMPS,
                )
            )
        connection.execute(
            insert(inventory.document).values(
                id=1,
                type="sales_order",
                number="XSDD20261201001",
                date=dt.date(2026, 12, 1),
                status="draft",
                organisation_id=1,
                warehouse_id=1,
                **STAMPS,
            )
        )
        for id, product in ((1, 1), (2, 2)):
            one = Decimal(1)
            connection.execute(
                insert(inventory.document_line).values(
                    id=id,
                    document_id=1,
                    line_no=id,
                    product_id=product,
                    unit="个",
                    qty=one,
                    factor=one,
                    base_qty=one,
                )
            )
        # the columns under their old names, as the code of 0.1.0 wrote them
        connection.execute(text("UPDATE document SET discount = 775 WHERE id = 1"))
        connection.execute(
            text(
                "UPDATE document_line SET discount_rate = 1000, discount = 1500, "
                "discount_share = 258 WHERE id = 1"
            )
        )
        connection.execute(
            text("UPDATE document_line SET discount = 2000, discount_share = 517 WHERE id = 2")
        )


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_upgrading_keeps_every_discount_under_its_new_name(database_url: str) -> None:
    engine = make_engine(database_url)  # as `jxc migrate` runs: SQLite with foreign keys on
    migrate.upgrade(engine, "0002")
    _discounted_order_at_0002(engine)

    migrate.upgrade(engine)

    assert migrate.current_revision(engine) == migrate.head_revision()
    assert migrate.schema_drift(engine) == []
    assert {"order_discount"} <= _columns(engine, "document")
    assert "discount" not in _columns(engine, "document")
    assert not {"discount", "discount_rate", "discount_share"} & _columns(engine, "document_line")
    engine.dispose()
    system = bootstrap(Settings(database_url=database_url, secret_key="test-secret"))
    try:
        with system.uow() as uow:
            doc = uow.documents.get(1)
            assert doc is not None
            assert doc.order_discount == Decimal("7.75")
            first, second = sorted(doc.lines, key=lambda ln: ln.line_no)
            assert (first.line_discount_rate, first.line_discount) == (
                Decimal("0.1"),
                Decimal("15.00"),
            )
            assert first.order_discount_share == Decimal("2.58")
            assert (second.line_discount_rate, second.line_discount) == (None, Decimal("20.00"))
            assert second.order_discount_share == Decimal("5.17")
    finally:
        system.close()


def test_downgrading_to_0002_gives_the_discounts_their_old_names_back(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0002")
    _discounted_order_at_0002(engine)
    migrate.upgrade(engine)

    config = migrate.alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")

    with engine.connect() as connection:
        document = connection.execute(text("SELECT discount FROM document")).scalar_one()
        lines = connection.execute(
            text("SELECT discount_rate, discount, discount_share FROM document_line ORDER BY id")
        ).all()
    engine.dispose()
    assert document == 775
    assert [tuple(row) for row in lines] == [(1000, 1500, 258), (None, 2000, 517)]
