"""`jxc bench import`: products from a file (dry run, then confirm) vs. raw-SQL bulk inserts.

Each product has a base unit, one more unit with its factor and a barcode, a tax rate and a
price — what a shop's product list holds. The import reads the CSV, checks every row
against the database and writes them in one transaction; the baseline inserts the same
rows (products, units, barcodes) with executemany in one transaction, nothing checked.
Peak memory is the process's maximum resident size (ru_maxrss).
"""

from __future__ import annotations

import csv
import io
import resource
import time
from typing import Annotated

import typer
from sqlalchemy import insert, text

from openjxc.adapters.db.tables import catalog
from openjxc.adapters.files.tables import TableLimits, read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.entrypoints.cli.bench import Url, scratch
from openjxc.services.imports import engine

HEADER = ["商品编码", "商品名称", "基本单位", "辅助单位1", "换算系数1", "条码1", "税率", "标准售价"]


def product_file(count: int, prefix: str = "P") -> bytes:
    """A CSV of ``count`` products: 个 and 箱 of 24, a barcode for the box, 13%, a price."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(count):
        writer.writerow(
            [f"{prefix}{i:07d}", f"商品{i}", "个", "箱", "24", f"{prefix}69{i:011d}", "13%", "12.5"]
        )
    return buffer.getvalue().encode()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _raw(system: System, count: int) -> float:
    """The same rows in plain SQL, executemany, one transaction."""
    product, unit, barcode = catalog.product, catalog.product_unit, catalog.product_barcode
    now = clock.now()
    start = time.perf_counter()
    with system.engine.begin() as connection:
        rows = [
            {
                "code": f"R{i:07d}",
                "name": f"商品{i}",
                "spec": "",
                "base_unit": "个",
                "base_unit_decimals": 0,
                "tracking": "none",
                "valuation_method": "moving_average",
                "tax_rate": "0.13",
                "list_price": "12.5",
                "pinyin": "sp",
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(count)
        ]
        ids = (
            connection.execute(
                insert(product).returning(product.c.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        connection.execute(
            insert(unit), [{"product_id": id, "name": "箱", "factor": "24"} for id in ids]
        )
        connection.execute(
            insert(barcode),
            [
                {"product_id": id, "barcode": f"R69{i:011d}", "unit": "箱"}
                for i, id in enumerate(ids)
            ],
        )
    return time.perf_counter() - start


def bench_import(
    database_url: Url = None,
    rows: Annotated[int, typer.Option(help="product rows in the file")] = 100_000,
) -> None:
    """Import products from a CSV (dry run + confirm) vs. raw bulk inserts of the same rows."""
    actor = Actor.system()
    content = product_file(rows)
    limits = TableLimits(max_file_bytes=len(content) + 1, max_rows=rows + 1)

    def read(name: str, data: bytes) -> object:
        return read_upload(name, data, limits)

    with scratch(database_url) as system:
        start = time.perf_counter()
        dry = engine.dry_run_import("products", "p.csv", content, actor, system.uow(), read)  # type: ignore[arg-type]
        dry_s = time.perf_counter() - start
        assert dry.record.id is not None and dry.dry_run.counts["create"] == rows
        start = time.perf_counter()
        engine.confirm_import(dry.record.id, actor, system.uow(), read)  # type: ignore[arg-type]
        confirm_s = time.perf_counter() - start
        raw_s = _raw(system, rows)
        with system.engine.connect() as connection:
            written = connection.execute(text("select count(*) from product_barcode")).scalar()
        total = dry_s + confirm_s
        typer.echo(f"database: {system.engine.dialect.name}   rows: {rows}   barcodes: {written}")
        typer.echo(
            f"import: dry run {dry_s:6.1f} s + confirm {confirm_s:6.1f} s = {total:6.1f} s "
            f"({rows / total:8.0f} rows/s)   target <= 30 s"
        )
        typer.echo(
            f"raw bulk insert: {raw_s:6.1f} s ({rows / raw_s:8.0f} rows/s)   "
            f"ratio {raw_s / total:6.1%}  (target >= 25%)"
        )
        typer.echo(f"peak memory: {_peak_mb():.0f} MB   (target <= 300 MB)")
