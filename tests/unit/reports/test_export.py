"""Exports stream: rows are written as they come, so memory does not grow with the report."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import xlsxwriter
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


# The fast paths write what the general rules write -------------------------------------

LABELS = {"sales_delivery": ("销售出库", "Sales delivery")}
TRICKY_COLUMNS = (
    Column("text", "文本", "Text"),
    Column("type", "类型", "Type", labels=LABELS),
    Column("day", "日期", "Date", Kind.DATE),
    Column("qty", "数量", "Qty", Kind.QTY),
    Column("amount", "金额", "Amount", Kind.MONEY),
    Column("cost", "单价", "Unit cost", Kind.PRICE),
    Column("share", "占比", "Share", Kind.RATIO),
    Column("count", "行数", "Lines", Kind.INT),
    Column("held", "冻结", "Held", Kind.BOOL),
)
TEXTS = [
    "plain",
    "=HYPERLINK(1)",
    "  +1",
    "-x",
    "@me",
    "\tlead",
    " both ",
    "a & b <c>",
    "ctl\x01char",
    "_x0041_ literal",
    "",
    "多行\n文本",
    "sales_delivery",
]
NUMBERS = [
    Decimal("0"),
    Decimal("-0"),
    Decimal("0.00"),
    Decimal("-0.00"),
    Decimal("12.50"),
    Decimal("-5.00"),
    Decimal("0.000001"),
    Decimal("1.500000"),
    Decimal("-0.000000"),
    Decimal("100"),
    Decimal("1E+3"),
    Decimal("1.5E-7"),
    Decimal("123456789012.345"),  # 15 digits: what a double carries (see _cell)
    Decimal("0.125"),
    Decimal("7"),
    3,
    0,
    None,
]


def tricky_rows() -> list[dict[str, Any]]:
    rows = []
    for i, number in enumerate(NUMBERS):
        rows.append(
            {
                "text": TEXTS[i % len(TEXTS)],
                "type": TEXTS[(i + 12) % len(TEXTS)] if i % 3 else None,
                "day": date(2026, 1 + i % 12, 1 + i) if i % 4 else None,
                "qty": number,
                "amount": number,
                "cost": number,
                "share": number,
                "count": i if i % 5 else None,
                "held": (i % 2 == 0) if i % 3 else None,
            }
        )
    rows.append({c.key: TEXTS[i] for i, c in enumerate(TRICKY_COLUMNS)})  # text anywhere
    return rows


def test_csv_cells_are_what_csv_cell_writes() -> None:
    for language in ("zh-CN", "en"):
        text = b"".join(export.csv_chunks(TRICKY_COLUMNS, tricky_rows(), language))
        got = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
        expected = [[c.header(language) for c in TRICKY_COLUMNS]] + [
            [export.csv_cell(c.shown(row.get(c.key), language), c.kind) for c in TRICKY_COLUMNS]
            for row in tricky_rows()
        ]
        assert got == expected


def test_csv_numbers_read_as_people_write_them() -> None:
    row = {"qty": Decimal("1.500000"), "amount": Decimal("-0.00"), "cost": Decimal("1E+3")}
    text = b"".join(export.csv_chunks(TRICKY_COLUMNS[3:6], [row], "en")).decode("utf-8-sig")
    assert text.splitlines()[1] == "1.5,-0.00,1000"


def _reference_xlsx(path: str, rows: list[dict[str, Any]], language: str) -> None:
    """The same workbook written cell by cell through XlsxWriter's own API (``_cell``)."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("t")
    bold = workbook.add_format({"bold": True})
    formats = {k: workbook.add_format({"num_format": f}) for k, f in export._NUMBER_FORMATS.items()}
    for col, column in enumerate(TRICKY_COLUMNS):
        sheet.write_string(0, col, column.header(language), bold)
        sheet.set_column(col, col, 14)
    for number, row in enumerate(rows, start=1):
        for col, column in enumerate(TRICKY_COLUMNS):
            value = column.shown(row.get(column.key), language)
            export._cell(sheet, number, col, value, column.kind, formats)
    sheet.freeze_panes(1, 0)
    workbook.close()


def _cells(path: str) -> list[tuple[str, str, str, str]]:
    """Every cell of the sheet: its reference, type, number format and value (numbers as
    the double they read as), whatever order the styles were numbered in."""
    with zipfile.ZipFile(path) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    codes = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter(f"{NS}numFmt")}
    xfs = list(next(styles.iter(f"{NS}cellXfs")))
    style = [
        (codes.get(xf.get("numFmtId") or "0", xf.get("numFmtId")), xf.get("fontId")) for xf in xfs
    ]
    cells = []
    for cell in sheet.iter(f"{NS}c"):
        kind = cell.get("t") or "n"
        text = "".join(cell.itertext())
        value = repr(float(text)) if kind == "n" else text
        cells.append((cell.get("r") or "", kind, repr(style[int(cell.get("s") or 0)]), value))
    return cells


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_xlsx_rows_are_what_xlsxwriter_writes_cell_by_cell(tmp_path: Any) -> None:
    rows = tricky_rows()
    for language in ("zh-CN", "en"):
        fast, slow = str(tmp_path / "fast.xlsx"), str(tmp_path / "slow.xlsx")
        export.write_xlsx(fast, TRICKY_COLUMNS, rows, language, "t")
        _reference_xlsx(slow, rows, language)
        assert _cells(fast) == _cells(slow)
        book = CalamineWorkbook.from_path(fast).get_sheet_by_index(0).to_python()
        assert book == CalamineWorkbook.from_path(slow).get_sheet_by_index(0).to_python()


def test_an_empty_xlsx_report_has_its_header_only() -> None:
    data = b"".join(export.xlsx_chunks(COLUMNS, [], "en", "empty"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.to_python() == [["Product", "Date", "Qty", "Amount", "Held"]]
