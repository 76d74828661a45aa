"""`jxc bench …`: the project's operations next to a raw-SQL baseline, in one run.

Each benchmark builds its own scratch database (a temporary SQLite file, or a new database
on the PostgreSQL server named by ``--database-url``) and drops it afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import random
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from openjxc.adapters.db import migrate
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import organisations, products, users, warehouses
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.posting import InsufficientStock

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


# --- concurrent postings ---------------------------------------------------------------


def _require_postgres(database_url: str | None, command: str) -> str:
    if database_url is None or not database_url.startswith("postgresql"):
        typer.echo(f"jxc bench {command} needs --database-url of a PostgreSQL server", err=True)
        raise typer.Exit(2)
    return database_url


class _RetryCounter(logging.Handler):
    """Counts the transient errors the service layer retried (they never reach the user)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.retried: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "retrying" in message:
            self.retried[message.rsplit("(", 1)[-1].rstrip(")")] += 1


def _hot_world(system: System, count: int, stock: int) -> list[str]:
    actor = Actor.system()
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, system.uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("W1", "W1", "HQ"), actor, system.uow())
    codes = [f"H{i:02d}" for i in range(count)]
    for code in codes:
        products.create_product(
            products.ProductData(code, code, "个", purchase_price="1"), actor, system.uow()
        )
    opening = documents.DocumentInput(
        "opening_stock",
        date(2026, 1, 1),
        "W1",
        [documents.LineInput(code, str(stock), unit_cost="2.5") for code in codes],
    )
    doc = documents.create_document(opening, actor, system.uow())
    approval.approve_document(doc.number, actor, system.uow())
    return codes


def _issue_worker(
    system: System, codes: list[str], seed: int, issued: Counter[str], errors: list[str]
) -> int:
    """Issue 1–3 random hot products at a time until every one of them has run out."""
    actor = Actor.system()
    rng = random.Random(seed)
    exhausted: set[str] = set()
    posted = 0
    while len(exhausted) < len(codes):
        left = [c for c in codes if c not in exhausted]
        lines = {c: rng.randint(1, 3) for c in rng.sample(left, min(len(left), rng.randint(1, 3)))}
        try:
            doc = documents.create_document(
                documents.DocumentInput(
                    "other_issue",
                    date(2026, 2, 1),
                    "W1",
                    [documents.LineInput(c, str(q)) for c, q in lines.items()],
                ),
                actor,
                system.uow(),
            )
            approval.approve_document(doc.number, actor, system.uow())
        except InsufficientStock as error:
            for detail in error.details:
                if Decimal(detail["available"]) == 0:
                    exhausted.add(detail["product"])
            continue
        except Exception as error:  # anything else reached the user: the benchmark fails
            errors.append(f"{type(error).__name__}: {error}")
            if len(errors) > 20:
                return posted
            continue
        issued.update({c: Decimal(q) for c, q in lines.items()})
        posted += 1
    return posted


def _raw_concurrent(
    system: System, codes: list[str], workers: int, stock: int, seed: int
) -> tuple[float, int]:
    """The minimum of the same work in plain SQL: a conditional decrement per line."""
    sb, m, d, dl = (
        inventory.stock_balance,
        inventory.stock_move,
        inventory.document,
        inventory.document_line,
    )
    with system.engine.begin() as connection:
        ids: dict[str, int] = dict(connection.execute(text("select code, id from product")).all())
        warehouse = connection.execute(text("select id from warehouse where code = 'W1'")).scalar()
        organisation = connection.execute(text("select id from organisation")).scalar()
        connection.execute(
            sb.update()
            .where(sb.c.product_id.in_([ids[c] for c in codes]))
            .values(on_hand=Decimal(stock), value=Decimal(stock) * Decimal("2.5"))
        )
    counter = iter(range(10**9))
    lock = threading.Lock()

    def worker(n: int) -> int:
        rng = random.Random(seed + n)
        exhausted: set[str] = set()
        posted = 0
        while len(exhausted) < len(codes):
            left = [c for c in codes if c not in exhausted]
            picks = rng.sample(left, min(len(left), rng.randint(1, 3)))
            lines = sorted((ids[c], c, rng.randint(1, 3)) for c in picks)
            with lock:
                number = f"RAWC{next(counter):08d}"
            with system.engine.connect() as connection, connection.begin() as transaction:
                doc_id = connection.execute(
                    d.insert()
                    .values(
                        type="other_issue",
                        number=number,
                        date=date(2026, 3, 1),
                        status="approved",
                        organisation_id=organisation,
                        warehouse_id=warehouse,
                        created_at=clock.now(),
                        updated_at=clock.now(),
                    )
                    .returning(d.c.id)
                ).scalar()
                short = False
                for no, (product, code, qty) in enumerate(lines, start=1):
                    row = connection.execute(
                        sb.update()
                        .where(
                            sb.c.product_id == product,
                            sb.c.warehouse_id == warehouse,
                            sb.c.on_hand >= qty,
                        )
                        .values(
                            on_hand=sb.c.on_hand - qty,
                            value=sb.c.value - Decimal(qty) * Decimal("2.5"),
                        )
                        .returning(sb.c.on_hand, sb.c.value)
                    ).first()
                    if row is None:
                        exhausted.add(code)
                        short = True
                        break
                    line_id = connection.execute(
                        dl.insert()
                        .values(
                            document_id=doc_id,
                            line_no=no,
                            product_id=product,
                            unit="个",
                            qty=Decimal(qty),
                            factor=Decimal(1),
                            base_qty=Decimal(qty),
                        )
                        .returning(dl.c.id)
                    ).scalar()
                    connection.execute(
                        m.insert().values(
                            document_id=doc_id,
                            line_id=line_id,
                            product_id=product,
                            warehouse_id=warehouse,
                            date=date(2026, 3, 1),
                            qty=Decimal(-qty),
                            basis="cost",
                            created_at=clock.now(),
                            value=Decimal(-qty) * Decimal("2.5"),
                            unit_cost=Decimal("2.5"),
                            qty_after=row.on_hand,
                            value_after=row.value,
                        )
                    )
                if short:
                    transaction.rollback()
                else:
                    posted += 1
        return posted

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        posted = sum(pool.map(worker, range(workers)))
    return time.perf_counter() - start, posted


@bench_app.command("concurrent")
def bench_concurrent(
    database_url: Url = None,
    workers: Annotated[int, typer.Option(help="concurrent workers")] = 8,
    hot: Annotated[int, typer.Option(help="hot products every worker issues")] = 10,
    stock: Annotated[int, typer.Option(help="opening stock of each hot product")] = 150,
) -> None:
    """PostgreSQL: workers issue the same hot products until they run out (service vs raw SQL)."""
    url = _require_postgres(database_url, "concurrent")
    retry_log = logging.getLogger("openjxc.services.retry")
    counter = _RetryCounter()
    retry_log.addHandler(counter)
    retry_log.setLevel(logging.INFO)
    retry_log.propagate = False
    try:
        with scratch(url) as system:
            codes = _hot_world(system, hot, stock)
            issued: list[Counter[str]] = [Counter() for _ in range(workers)]
            errors: list[str] = []
            start = time.perf_counter()
            with ThreadPoolExecutor(workers) as pool:
                posted = sum(
                    pool.map(
                        lambda n: _issue_worker(system, codes, n, issued[n], errors),
                        range(workers),
                    )
                )
            elapsed = time.perf_counter() - start
            total: Counter[str] = Counter()
            for counts in issued:
                total.update(counts)
            sb, p = inventory.stock_balance, catalog.product
            with system.engine.connect() as connection:
                on_hand = dict(
                    connection.execute(
                        select(p.c.code, sb.c.on_hand).join(p, p.c.id == sb.c.product_id)
                    ).all()
                )
            oversells = 0
            for code in codes:
                final = on_hand[code]
                # stock below zero, or more issued than there was: both are oversells
                if final < 0 or total[code] != stock - final:
                    oversells += 1
            raw_elapsed, raw_posted = _raw_concurrent(system, codes, workers, stock, 1000)
    finally:
        retry_log.removeHandler(counter)
        retry_log.propagate = True
    typer.echo(f"database: postgresql   workers: {workers}   hot products: {hot}   stock: {stock}")
    typer.echo(
        f"service:  {posted} documents in {elapsed:6.2f} s = {posted / elapsed:7.1f} docs/s"
        f"   baseline {raw_posted / raw_elapsed:7.1f} docs/s"
        f"   ratio {(posted / elapsed) / (raw_posted / raw_elapsed):6.1%}"
    )
    retried = ", ".join(f"{k} x{v}" for k, v in sorted(counter.retried.items())) or "none"
    typer.echo(f"oversells: {oversells} (must be 0)   errors surfaced: {len(errors)} (must be 0)")
    typer.echo(f"transient errors retried inside the service: {retried}")
    for error in errors[:5]:
        typer.echo(f"  error: {error}")
    if oversells or errors:
        raise typer.Exit(1)


# --- backdating --------------------------------------------------------------------------


def _long_stream(system: System, later: int) -> tuple[int, int]:
    """An opening stock through the service, then ``later`` moves of the same stream written
    in bulk: alternately a receipt of 1 at 2.50 and an issue of 1, with exact running
    balances (so the stream is exactly what the engine would have written)."""
    actor = Actor.system()
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, system.uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("W1", "W1", "HQ"), actor, system.uow())
    products.create_product(
        products.ProductData("BD", "BD", "个", purchase_price="1"), actor, system.uow()
    )
    opening = documents.create_document(
        documents.DocumentInput(
            "opening_stock",
            date(2026, 1, 1),
            "W1",
            [documents.LineInput("BD", "1000", "个", "2.5")],
        ),
        actor,
        system.uow(),
    )
    approval.approve_document(opening.number, actor, system.uow())
    d, dl, m, sb = (
        inventory.document,
        inventory.document_line,
        inventory.stock_move,
        inventory.stock_balance,
    )
    cost, one = Decimal("2.5"), Decimal(1)
    with system.engine.begin() as connection:
        product = connection.execute(text("select id from product where code = 'BD'")).scalar()
        warehouse = connection.execute(text("select id from warehouse where code = 'W1'")).scalar()
        organisation = connection.execute(text("select id from organisation")).scalar()
        now = clock.now()
        doc_ids: dict[str, Any] = {}
        for kind, number in (("other_receipt", "QTRKBULK"), ("other_issue", "QTCKBULK")):
            doc_ids[kind] = connection.execute(
                d.insert()
                .values(
                    type=kind,
                    number=number,
                    date=date(2026, 2, 2),
                    status="approved",
                    organisation_id=organisation,
                    warehouse_id=warehouse,
                    created_at=now,
                    updated_at=now,
                )
                .returning(d.c.id)
            ).scalar()
        lines = [
            {
                "document_id": doc_ids["other_receipt" if i % 2 == 0 else "other_issue"],
                "line_no": i // 2 + 1,
                "product_id": product,
                "unit": "个",
                "qty": one,
                "factor": one,
                "base_qty": one,
                "unit_cost": cost if i % 2 == 0 else None,
                "amount": cost if i % 2 == 0 else None,
            }
            for i in range(later)
        ]
        line_ids = connection.execute(
            dl.insert().returning(dl.c.id, sort_by_parameter_order=True), lines
        ).scalars()
        start, per_day = date(2026, 2, 2), max(1, later // 250 + 1)
        moves = []
        qty, value = Decimal(1000), Decimal("2500.00")
        for i, line_id in enumerate(line_ids):
            receipt = i % 2 == 0
            qty += one if receipt else -one
            value += cost if receipt else -cost
            moves.append(
                {
                    "document_id": lines[i]["document_id"],
                    "line_id": line_id,
                    "product_id": product,
                    "warehouse_id": warehouse,
                    "date": start + timedelta(days=i // per_day),
                    "qty": one if receipt else -one,
                    "basis": "given" if receipt else "cost",
                    "created_at": now,
                    "value": cost if receipt else -cost,
                    "unit_cost": cost,
                    "qty_after": qty,
                    "value_after": value,
                    "cost_after": cost,
                }
            )
        ids = connection.execute(
            m.insert().returning(m.c.id, m.c.date, sort_by_parameter_order=True), moves
        ).all()
        connection.execute(
            sb.update()
            .where(sb.c.product_id == product, sb.c.warehouse_id == warehouse)
            .values(
                on_hand=qty,
                value=value,
                last_unit_cost=cost,
                last_move_id=ids[-1].id,
                last_move_date=ids[-1].date,
            )
        )
    return int(product or 0), int(warehouse or 0)


def _raw_backdate(system: System, product: int, warehouse: int, day: date) -> float:
    """The minimal equivalent work in plain SQL: one bulk UPDATE of the later running
    balances (what a receipt of 1000 at 3.50 adds to them), committed; undone afterwards."""
    m = inventory.stock_move
    later = (m.c.product_id == product, m.c.warehouse_id == warehouse, m.c.date > day)
    start = time.perf_counter()
    with system.engine.begin() as connection:
        connection.execute(
            m.update()
            .where(*later)
            .values(
                qty_after=m.c.qty_after + Decimal(1000),
                value_after=m.c.value_after + Decimal("3500.00"),
            )
        )
    elapsed = time.perf_counter() - start
    with system.engine.begin() as connection:
        connection.execute(
            m.update()
            .where(*later)
            .values(
                qty_after=m.c.qty_after - Decimal(1000),
                value_after=m.c.value_after - Decimal("3500.00"),
            )
        )
    return elapsed


@bench_app.command("backdate")
def bench_backdate(
    database_url: Url = None,
    later: Annotated[int, typer.Option(help="moves after the backdated receipt")] = 100_000,
) -> None:
    """One receipt backdated before ``later`` moves of its stream: posted and re-costed."""
    with scratch(database_url) as system:
        kind = system.engine.dialect.name
        start = time.perf_counter()
        product, warehouse = _long_stream(system, later)
        setup = time.perf_counter() - start
        day = date(2026, 2, 1)
        raw = _raw_backdate(system, product, warehouse, day)
        actor = Actor.system()
        start = time.perf_counter()
        doc = documents.create_document(
            documents.DocumentInput(
                "other_receipt", day, "W1", [documents.LineInput("BD", "1000", "个", "3.5")]
            ),
            actor,
            system.uow(),
        )
        created = time.perf_counter()
        approval.approve_document(doc.number, actor, system.uow())
        elapsed = time.perf_counter() - start
        posting = time.perf_counter() - created
        m, sb = inventory.stock_move, inventory.stock_balance
        with system.engine.connect() as connection:
            total = connection.execute(
                select(func.count(), func.sum(m.c.qty), func.sum(m.c.value)).where(
                    m.c.product_id == product, m.c.warehouse_id == warehouse
                )
            ).one()
            cached = connection.execute(
                select(sb.c.on_hand, sb.c.value).where(
                    sb.c.product_id == product, sb.c.warehouse_id == warehouse
                )
            ).one()
            last = connection.execute(
                select(m.c.qty_after, m.c.value_after)
                .where(m.c.product_id == product, m.c.warehouse_id == warehouse)
                .order_by(m.c.date.desc(), m.c.id.desc())
                .limit(1)
            ).one()
    consistent = (
        cached.on_hand == total[1] == last.qty_after
        and cached.value == total[2] == last.value_after
    )
    typer.echo(f"database: {kind}   stream: {total[0]} moves ({later} generated in {setup:.1f} s)")
    typer.echo(
        f"backdated receipt before {later} moves: {elapsed:6.3f} s"
        f" (create {elapsed - posting:.3f} s, approve + re-cost {posting:.3f} s)  (target < 2 s)"
    )
    typer.echo(
        f"baseline (one bulk UPDATE of the later running balances): {raw:6.3f} s"
        f"   ratio {raw / elapsed:6.1%}"
    )
    typer.echo(
        f"after: on hand {cached.on_hand}, value {cached.value}; balance = sum of moves ="
        f" last running balance: {'yes' if consistent else 'NO'}"
    )
    if not consistent:
        raise typer.Exit(1)
