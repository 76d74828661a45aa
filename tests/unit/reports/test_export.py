"""Exports stream: rows are written as they come, so memory does not grow with the report."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from python_calamine import CalamineWorkbook

from openjxc.queries.reports import export
from openjxc.queries.reports.framework import Column, Kind

COLUMNS = (
    Column("product", "商品编码", "Product"),
    Column("day", "日期", "Date", Kind.DATE),
    Column("qty", "数量", "Qty", Kind.QTY),
    Column("amount", "金额", "Amount", Kind.MONEY),
    Column("held", "冻结", "Held", Kind.BOOL),
)


def rows(count: int | None = None) -> Iterator[dict[str, Any]]:
    numbers = itertools.count() if count is None else iter(range(count))
    for i in numbers:
        yield {
            "product": f"P{i:07d}",
            "day": date(2026, 10, 1 + i % 28),
            "qty": Decimal(i % 97) / 4,
            "amount": Decimal(i).scaleb(-2),
            "held": i % 2 == 0,
        }


def test_csv_starts_before_the_rows_end() -> None:
    """An endless report still yields its first chunk: nothing waits for the last row."""
    first = next(export.csv_chunks(COLUMNS, rows(), "zh-CN"))
    text = first.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))[:2]
    assert header == ["商品编码", "日期", "数量", "金额", "冻结"]
    assert row == ["P0000000", "2026-10-01", "0", "0.00", "1"]


def _peak(work: Any) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_memory_does_not_grow_with_the_rows() -> None:
    def drain(count: int) -> None:
        for _ in export.csv_chunks(COLUMNS, rows(count), "en"):
            pass

    small, large = _peak(lambda: drain(1_000)), _peak(lambda: drain(30_000))
    assert large < small + 512 * 1024  # 30 times the rows, not 30 times the memory


def test_xlsx_is_written_row_by_row_and_reads_back() -> None:
    def build(count: int) -> bytes:
        return b"".join(export.xlsx_chunks(COLUMNS, rows(count), "en", "Stock/summary"))

    small, large = _peak(lambda: build(500)), _peak(lambda: build(5_000))
    assert large < small + 1024 * 1024
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(build(3))).get_sheet_by_index(0)
    assert sheet.to_python() == [
        ["Product", "Date", "Qty", "Amount", "Held"],
        ["P0000000", date(2026, 10, 1), 0.0, 0.0, True],
        ["P0000001", date(2026, 10, 2), 0.25, 0.01, False],
        ["P0000002", date(2026, 10, 3), 0.5, 0.02, True],
    ]
