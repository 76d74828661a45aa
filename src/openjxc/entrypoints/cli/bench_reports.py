"""`jxc bench gen` (a realistic history) and `jxc bench reports` (each report vs plain SQL).

Unlike the other benchmarks these work on a database you name and keep, because building
a large history takes a while: generate once, time the reports as often as needed.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any

import typer
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from openjxc.adapters.db import migrate
from openjxc.adapters.db.tables import inventory, trading
from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.cli import bench_data
from openjxc.queries.ledger_checks import check_ledger
from openjxc.queries.reports import REPORTS, export, filters, framework
from openjxc.queries.reports.dashboard import dashboard
from openjxc.services import users

Target = Annotated[
    str,
    typer.Option(
        "--target",
        help="database to fill or read: sqlite:///path.db, or a PostgreSQL URL (created if missing)",
    ),
]


def register(app: typer.Typer) -> None:
    app.command("gen")(bench_gen)
    app.command("reports")(bench_reports)


def _system(url: str) -> System:
    if url.startswith("postgresql"):
        name = make_url(url).database
        server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        server.dispose()
    system = bootstrap(Settings(database_url=url, secret_key="bench"))
    migrate.upgrade(system.engine)
    users.ensure_builtin_roles(system.uow())
    return system


def bench_gen(
    target: Target,
    products: Annotated[int, typer.Option(min=1)] = 10_000,
    warehouses: Annotated[int, typer.Option(min=1)] = 20,
    years: Annotated[int, typer.Option(min=1, max=30)] = 3,
    moves: Annotated[int, typer.Option(min=1)] = 5_000_000,
    seed: int = 1,
    doctor: Annotated[bool, typer.Option(help="run the ledger checks afterwards")] = True,
) -> None:
    """Build a history: products, warehouses, daily documents, closed months (empty database)."""
    system = _system(target)
    try:
        if not bench_data.is_empty(system.engine):
            typer.echo("the target database already has products: give an empty one", err=True)
            raise typer.Exit(2)
        start = time.perf_counter()
        plan = bench_data.Plan(products, warehouses, years, moves, seed)
        made = bench_data.generate(system.engine, plan, lambda line: typer.echo(f"  {line}"))
        typer.echo(
            f"{made['moves']} moves, {made['streams']} streams, {made['products']} products,"
            f" {made['warehouses']} warehouses, {made['from']} … {made['to']}"
            f" in {time.perf_counter() - start:.1f} s"
        )
        if doctor:
            start = time.perf_counter()
            with system.read_sessions() as session:
                problems = check_ledger(session)
            typer.echo(f"doctor: {len(problems)} problems ({time.perf_counter() - start:.1f} s)")
            for problem in problems[:10]:
                typer.echo(f"  {problem}")
            if problems:
                raise typer.Exit(1)
    finally:
        system.close()


def _timed(work: Callable[[], Any], repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds (the first run warms the caches)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def bench_reports(
    target: Target,
    repeat: Annotated[int, typer.Option(min=1, max=20)] = 3,
    pages: Annotated[bool, typer.Option(help="time each report's first page")] = True,
    exports: Annotated[bool, typer.Option(help="time the largest exports")] = True,
) -> None:
    """Time each report on a generated history next to the plain SQL aggregate of its moves,
    and the largest exports next to their query alone."""
    system = _system(target)
    m, sb = inventory.stock_move, inventory.stock_balance
    actor = Actor.system()
    try:
        with system.read_sessions() as session:
            first, last, count = session.execute(
                select(func.min(m.c.date), func.max(m.c.date), func.count())
            ).one()
            if not count:
                typer.echo("the target has no moves: run `jxc bench gen` first", err=True)
                raise typer.Exit(2)
            month_end = last
            month_start = month_end.replace(day=1)
            past = date.fromordinal(first.toordinal() + (last - first).days * 2 // 3)
            product = session.scalar(
                select(m.c.product_id)
                .group_by(m.c.product_id)
                .order_by(func.count().desc())
                .limit(1)
            )
            product_moves = session.scalar(select(func.count()).where(m.c.product_id == product))

            def report(name: str, **raw: Any) -> Callable[[], Any]:
                def work() -> Any:
                    definition = REPORTS[name]
                    context = framework.start(
                        session, actor, definition, filters.resolve(session, raw)
                    )
                    return framework.run(definition, context, None, 50, 0)

                return work

            def plain(query: Any) -> Callable[[], Any]:
                return lambda: session.execute(query).all()

            month = {"from": month_start, "to": month_end}
            in_month = (m.c.date >= month_start, m.c.date <= month_end)
            cases: list[tuple[str, Callable[[], Any], Callable[[], Any], str]] = [
                (
                    f"进销存汇总表, one month ({month_start:%Y-%m}), all products",
                    report("stock-summary", **month),
                    plain(
                        select(m.c.product_id, func.sum(m.c.qty), func.sum(m.c.value))
                        .where(*in_month)
                        .group_by(m.c.product_id)
                    ),
                    "≤ 1 s PostgreSQL, ≤ 2 s SQLite",
                ),
                (
                    "进销存汇总表, one month, product × warehouse",
                    report("stock-summary", by="product,warehouse", **month),
                    plain(
                        select(
                            m.c.product_id, m.c.warehouse_id, func.sum(m.c.qty), func.sum(m.c.value)
                        )
                        .where(*in_month)
                        .group_by(m.c.product_id, m.c.warehouse_id)
                    ),
                    "",
                ),
                (
                    f"库存流水, first page of a product ({product_moves} moves)",
                    report("stock-ledger", product=str(product), **{"from": first, "to": last}),
                    plain(
                        select(m)
                        .where(m.c.product_id == product)
                        .order_by(m.c.date, m.c.id)
                        .limit(50)
                    ),
                    "≤ 100 ms",
                ),
                (
                    f"stock at a past date ({past}), all products × warehouses",
                    report("valuation", as_of=past, by="product,warehouse"),
                    plain(
                        select(
                            m.c.product_id, m.c.warehouse_id, func.sum(m.c.qty), func.sum(m.c.value)
                        )
                        .where(m.c.date <= past)
                        .group_by(m.c.product_id, m.c.warehouse_id)
                    ),
                    "≤ 1 s",
                ),
                (
                    "dashboard",
                    lambda: dashboard(session, actor, month_end + timedelta(days=1)),
                    plain(select(func.sum(sb.c.value))),
                    "≤ 500 ms",
                ),
                (
                    "turnover, one month",
                    report("turnover", **month),
                    plain(
                        select(m.c.product_id, func.sum(m.c.value))
                        .where(*in_month, m.c.qty < 0)
                        .group_by(m.c.product_id)
                    ),
                    "",
                ),
                (
                    "ABC, one month",
                    report("abc", **month),
                    plain(
                        select(m.c.product_id, func.sum(m.c.value))
                        .where(*in_month, m.c.qty < 0)
                        .group_by(m.c.product_id)
                    ),
                    "",
                ),
                (
                    "slow movers, 30 days",
                    report("slow-moving", as_of=month_end),
                    plain(
                        select(m.c.product_id, func.sum(m.c.value))
                        .where(m.c.date > month_end - timedelta(days=30), m.c.qty < 0)
                        .group_by(m.c.product_id)
                    ),
                    "",
                ),
            ]
            cases += _trade_cases(report, plain, month_start, month_end)
            kind = system.engine.dialect.name
            typer.echo(
                f"database: {kind}   moves: {count}   history: {first} … {last}   best of {repeat}"
            )
            typer.echo(f"{'report':58} {'report':>9} {'plain SQL':>10} {'ratio':>7}  target")
            for label, work, baseline, goal in cases if pages else ():
                took = _timed(work, repeat)
                base = _timed(baseline, repeat)
                typer.echo(
                    f"{label:58} {took * 1000:7.0f}ms {base * 1000:8.0f}ms {took / base:6.1f}x  {goal}"
                )
            if exports:
                _exports(system, actor, first, last, past)
    finally:
        system.close()


def _trade_cases(
    report: Callable[..., Callable[[], Any]],
    plain: Callable[[Any], Callable[[], Any]],
    month_start: date,
    month_end: date,
) -> list[tuple[str, Callable[[], Any], Callable[[], Any], str]]:
    """销售统计, 毛利 by customer, 销售明细, 采购统计 and 应收账龄 next to their plain SQL."""
    d, ln, e = inventory.document, inventory.document_line, trading.partner_entry
    month = {"from": month_start, "to": month_end}

    def lines(kind: str, *group: Any) -> Any:
        return (
            select(*group, func.sum(ln.c.net_amount), func.sum(ln.c.tax))
            .join(d, d.c.id == ln.c.document_id)
            .where(d.c.type == kind, d.c.date >= month_start, d.c.date <= month_end)
            .group_by(*group)
        )

    return [
        (
            "销售统计, one month, by product (with cost and margin)",
            report("sales-statistics", **month),
            plain(lines("sales_delivery", ln.c.product_id)),
            "",
        ),
        (
            "销售统计, one month, by customer",
            report("sales-statistics", by="partner", **month),
            plain(lines("sales_delivery", d.c.partner_id)),
            "",
        ),
        (
            "销售明细, one month, first page",
            report("sales-detail", **month),
            plain(
                select(ln.c.id, ln.c.net_amount)
                .join(d, d.c.id == ln.c.document_id)
                .where(d.c.type == "sales_delivery", d.c.date >= month_start)
                .where(d.c.date <= month_end)
                .order_by(d.c.date, d.c.number, ln.c.line_no)
                .limit(50)
            ),
            "",
        ),
        (
            "采购统计, one month, by product",
            report("purchase-statistics", **month),
            plain(lines("purchase_receipt", ln.c.product_id)),
            "",
        ),
        (
            "应收账龄, all customers",
            report("receivable-aging", as_of=month_end),
            plain(
                select(e.c.partner_id, func.sum(e.c.amount))
                .where(e.c.account == "receivable")
                .group_by(e.c.partner_id)
            ),
            "",
        ),
    ]


#: the exports timed: the largest reports, as a user would download them
_EXPORTS = (
    ("stock-summary", "csv"),
    ("stock-summary", "xlsx"),
    ("sales-detail", "csv"),
    ("sales-detail", "xlsx"),
)


def _exports(system: System, actor: Actor, first: date, last: date, past: date) -> None:
    """Each large export as the routes send it (every row and the 合计 row, .csv or .xlsx):
    its rows, seconds and rows a second, beside the report's query alone (the same ordered
    statement, every row fetched, nothing else), then the peak Python memory of a second,
    traced run (``tracemalloc`` slows Python down, so that run is not timed). 进销存汇总表
    is product × warehouse over all time; 销售明细 the sales lines of two thirds of the
    history. On a shared machine wall seconds follow the load, so the process's CPU seconds
    are printed too; "beyond the query" is the export's CPU time less the query's."""
    raws: dict[str, dict[str, Any]] = {
        "stock-summary": {"from": first, "to": last, "by": "product,warehouse"},
        "sales-detail": {"from": first, "to": past},
    }
    typer.echo(
        f"{'export':19} {'rows':>7} {'seconds':>8} {'rows/s':>7} {'cpu s':>6}"
        f" | {'query s':>7} {'rows/s':>7} {'cpu s':>6} | {'beyond the query':>16}"
        f" | {'MB':>5} {'peak MB':>7}"
    )
    queried: dict[str, tuple[float, float]] = {}
    for name, fmt in _EXPORTS:
        if name not in queried:
            queried[name] = _query_alone(system, actor, name, raws[name])
        rows, size, took, cpu = _export(system, actor, name, raws[name], fmt)
        tracemalloc.start()
        try:
            _export(system, actor, name, raws[name], fmt)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        query, query_cpu = queried[name]
        beyond = cpu - query_cpu
        typer.echo(
            f"{name + ' ' + fmt:19} {rows:7d} {took:8.2f} {rows / took:7.0f} {cpu:6.2f}"
            f" | {query:7.2f} {rows / query:7.0f} {query_cpu:6.2f}"
            f" | {beyond:5.2f} s {rows / beyond if beyond > 0 else 0:6.0f}/s"
            f" | {size / 1e6:5.1f} {peak / 1e6:7.1f}"
        )


def _query_alone(
    system: System, actor: Actor, name: str, raw: dict[str, Any]
) -> tuple[float, float]:
    """Seconds (wall, CPU) to run a report's streamed query and fetch every row."""
    definition = REPORTS[name]
    with system.read_sessions() as session:
        context = framework.start(session, actor, definition, filters.resolve(session, raw))
        ordered = framework.ordered_query(definition, context, None)
        start, cpu = time.perf_counter(), time.process_time()
        result = session.execute(
            ordered.execution_options(stream_results=True, yield_per=framework.STREAM_CHUNK)
        )
        while result.fetchmany(framework.STREAM_CHUNK):
            pass
        return time.perf_counter() - start, time.process_time() - cpu


def _export(
    system: System, actor: Actor, name: str, raw: dict[str, Any], fmt: str
) -> tuple[int, int, float, float]:
    """One export as the routes stream it: its rows (without 合计), bytes, seconds (wall,
    CPU)."""
    definition = REPORTS[name]
    with system.read_sessions() as session:
        start, cpu, size, rows = time.perf_counter(), time.process_time(), 0, -1
        context = framework.start(session, actor, definition, filters.resolve(session, raw))
        columns = definition.columns_for(context)

        def counted() -> Any:
            nonlocal rows
            for row in framework.stream_with_totals(definition, context, None, "zh-CN"):
                rows += 1
                yield row

        chunks = (
            export.csv_chunks(columns, counted(), "zh-CN")
            if fmt == "csv"
            else export.xlsx_chunks(columns, counted(), "zh-CN", "bench")
        )
        for chunk in chunks:
            size += len(chunk)
        return rows, size, time.perf_counter() - start, time.process_time() - cpu
