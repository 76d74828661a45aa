"""`jxc bench …`: the project's operations next to a raw-SQL baseline, in one run.

Each benchmark builds its own scratch database (a temporary SQLite file, or a new database
on the PostgreSQL server named by ``--database-url``) and drops it afterwards.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from openjxc.adapters.db import migrate
from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import organisations, products, users, warehouses
from openjxc.services.inventory import approval, documents

bench_app = typer.Typer(
    help="Benchmarks against a raw-SQL baseline (scratch database).", no_args_is_help=True
)

Url = Annotated[
    str | None,
    typer.Option("--database-url", help="a PostgreSQL server to create the scratch database on"),
]


@contextlib.contextmanager
def scratch(database_url: str | None) -> Iterator[System]:
    """A migrated scratch database, removed afterwards."""
    if database_url is None or database_url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            system = _ready(f"sqlite:///{Path(folder) / 'bench.db'}")
            try:
                yield system
            finally:
                system.close()
        return
    name = f"jxc_bench_{uuid.uuid4().hex[:8]}"
    server = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    system = _ready(make_url(database_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield system
    finally:
        system.close()
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _ready(url: str) -> System:
    system = bootstrap(Settings(database_url=url, secret_key="bench"))
    migrate.upgrade(system.engine)
    users.ensure_builtin_roles(system.uow())
    return system


def _world(system: System, products_count: int) -> list[str]:
    actor = Actor.system()
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, system.uow()
    )
    for code in ("W1", "W2"):
        warehouses.create_warehouse(warehouses.WarehouseData(code, code, "HQ"), actor, system.uow())
    codes = [f"B{i:05d}" for i in range(products_count)]
    for code in codes:
        products.create_product(
            products.ProductData(code, code, "个", purchase_price="1"), actor, system.uow()
        )
    # opening stock large enough for every issue the benchmark makes
    documents_input = documents.DocumentInput(
        "opening_stock",
        date(2026, 1, 1),
        "W1",
        [documents.LineInput(code, "1000000", unit_cost="2.5") for code in codes],
    )
    doc = documents.create_document(documents_input, actor, system.uow())
    approval.approve_document(doc.number, actor, system.uow())
    return codes


def _post(system: System, codes: list[str], count: int, lines: int) -> float:
    actor = Actor.system()
    start = time.perf_counter()
    for i in range(count):
        kind = "other_issue" if i % 2 else "other_receipt"
        line_inputs = [
            documents.LineInput(
                codes[(i * lines + j) % len(codes)],
                "1",
                unit_cost=None if kind == "other_issue" else "3",
            )
            for j in range(lines)
        ]
        doc = documents.create_document(
            documents.DocumentInput(kind, date(2026, 2, 1), "W1", line_inputs), actor, system.uow()
        )
        approval.approve_document(doc.number, actor, system.uow())
    return time.perf_counter() - start


def _baseline(system: System, codes: list[str], count: int, lines: int, tag: str) -> float:
    """The minimum of the same work in plain SQL: a document row, its moves, the balances."""
    m, sb, d = inventory.stock_move, inventory.stock_balance, inventory.document
    with system.engine.connect() as connection:
        ids: dict[str, int] = {
            code: id for code, id in connection.execute(text("select code, id from product"))
        }
        warehouse = connection.execute(text("select id from warehouse where code = 'W1'")).scalar()
        organisation = connection.execute(
            text("select id from organisation where code = 'HQ'")
        ).scalar()
    start = time.perf_counter()
    for i in range(count):
        sign = -1 if i % 2 else 1
        with system.engine.begin() as connection:
            doc_id = connection.execute(
                d.insert()
                .values(
                    type="other_issue",
                    number=f"RAW{tag}{i:07d}",
                    date=date(2026, 3, 1),
                    status="approved",
                    organisation_id=organisation,
                    warehouse_id=warehouse,
                    created_at=clock.now(),
                    updated_at=clock.now(),
                )
                .returning(d.c.id)
            ).scalar()
            for j in range(lines):
                product = ids[codes[(i * lines + j) % len(codes)]]
                line_id = connection.execute(
                    inventory.document_line.insert()
                    .values(
                        document_id=doc_id,
                        line_no=j + 1,
                        product_id=product,
                        unit="个",
                        qty=Decimal(1),
                        factor=Decimal(1),
                        base_qty=Decimal(1),
                    )
                    .returning(inventory.document_line.c.id)
                ).scalar()
                balance = connection.execute(
                    sb.update()
                    .where(sb.c.product_id == product, sb.c.warehouse_id == warehouse)
                    .values(on_hand=sb.c.on_hand + sign, value=sb.c.value + sign * 3)
                    .returning(sb.c.on_hand, sb.c.value)
                ).first()
                assert balance is not None
                connection.execute(
                    m.insert().values(
                        document_id=doc_id,
                        line_id=line_id,
                        product_id=product,
                        warehouse_id=warehouse,
                        date=date(2026, 3, 1),
                        qty=Decimal(sign),
                        basis="cost",
                        created_at=clock.now(),
                        value=Decimal(sign * 3),
                        unit_cost=Decimal(3),
                        qty_after=balance.on_hand,
                        value_after=balance.value,
                    )
                )
    return time.perf_counter() - start


@bench_app.command("post")
def bench_post(
    database_url: Url = None,
    documents_count: Annotated[
        int, typer.Option("--documents", help="single-line documents")
    ] = 300,
    large: Annotated[int, typer.Option(help="100-line documents")] = 10,
) -> None:
    """Post single-line and 100-line documents through the service layer vs. raw SQL."""
    with scratch(database_url) as system:
        codes = _world(system, 200)
        kind = system.engine.dialect.name
        single = _post(system, codes, documents_count, 1)
        single_raw = _baseline(system, codes, documents_count, 1, "S")
        big = _post(system, codes, large, 100)
        big_raw = _baseline(system, codes, large, 100, "L")
        typer.echo(f"database: {kind}")
        typer.echo(
            f"(a) single-line documents: {documents_count / single:8.1f} docs/s   baseline {documents_count / single_raw:8.1f} docs/s   ratio {single_raw / single:6.1%}  (target >= 25%)"
        )
        lines = large * 100
        typer.echo(
            f"(b) 100-line documents:    {lines / big:8.1f} lines/s  baseline {lines / big_raw:8.1f} lines/s  ratio {big_raw / big:6.1%}  (target >= 40%)"
        )
