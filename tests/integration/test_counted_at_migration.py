"""Migration 0006 gives each stocktake line counted before it a count time (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import Engine, insert, inspect, select

from openjxc.adapters.db import migrate
from openjxc.adapters.db.engine import make_engine
from openjxc.adapters.db.tables import catalog, inventory

CREATED = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
CHANGED = dt.datetime(2026, 12, 1, 11, 30, tzinfo=dt.UTC)


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    return empty_database_url


def _stocktake_at_0004(engine: Engine) -> None:
    """A draft stocktake with a counted and an uncounted line, and a receipt's line."""
    stamps = {"created_at": CREATED, "updated_at": CREATED}
    with engine.begin() as connection:
        connection.execute(
            insert(catalog.organisation).values(
                id=1, code="HQ", name="总部", kind="headquarters", **stamps
            )
        )
        connection.execute(
            insert(catalog.warehouse).values(
                id=1, code="W1", name="主仓", organisation_id=1, **stamps
            )
        )
        connection.execute(
            insert(catalog.product).values(
                id=1,
                code="P1",
                name="P1",
                base_unit="个",
                tracking="none",
                valuation_method="moving_average",
                tax_rate=Decimal("0.13"),
                **stamps,
            )
        )
        for id, kind, number in ((1, "stocktake", "PDD20261201001"), (2, "other_receipt", "Q1")):
            connection.execute(
                insert(inventory.document).values(
                    id=id,
                    type=kind,
                    number=number,
                    date=dt.date(2026, 12, 1),
                    status="draft",
                    organisation_id=1,
                    warehouse_id=1,
                    created_at=CREATED,
                    updated_at=CHANGED,
                )
            )
        one = Decimal(1)
        for id, document, counted in ((1, 1, one), (2, 1, None), (3, 2, None)):
            connection.execute(
                insert(inventory.document_line).values(
                    id=id,
                    document_id=document,
                    line_no=id,
                    product_id=1,
                    unit="个",
                    qty=one,
                    factor=one,
                    base_qty=one,
                    counted_qty=counted,
                )
            )


def test_a_line_counted_before_the_upgrade_is_as_of_its_stocktakes_last_change(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0004")
    _stocktake_at_0004(engine)

    migrate.upgrade(engine)

    assert migrate.schema_drift(engine) == []
    ln = inventory.document_line
    with engine.connect() as connection:
        times = {r.id: r.counted_at for r in connection.execute(select(ln.c.id, ln.c.counted_at))}
    engine.dispose()
    assert times == {1: CHANGED, 2: None, 3: None}


def test_downgrading_to_0005_drops_the_count_times(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0004")
    _stocktake_at_0004(engine)
    migrate.upgrade(engine)
    config = migrate.alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    columns = {c["name"] for c in inspect(engine).get_columns("document_line")}
    engine.dispose()
    assert "counted_at" not in columns
    assert "counted_qty" in columns
