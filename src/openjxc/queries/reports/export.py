"""Reports as .csv and .xlsx files, written as rows arrive: memory stays bounded.

CSV is produced as a generator of byte chunks (UTF-8 with a BOM, so Excel opens Chinese
text correctly). XLSX is written by XlsxWriter in ``constant_memory`` mode — each row goes to
disk as it is written — into a temporary file that is then streamed in chunks and removed.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter

from openjxc.domain.shared.formula_cells import neutralised
from openjxc.domain.shared.numbers import plain
from openjxc.queries.reports.framework import Column, Kind

CHUNK = 64 * 1024
_BAD_SHEET_CHARACTERS = str.maketrans({c: " " for c in "[]:*?/\\"})


def text_of(value: Any, kind: Kind) -> str:
    """A cell as text: money with its two decimals, other numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return f"{value:.2f}" if kind is Kind.MONEY else plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any, kind: Kind) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula is neutralised (see
    ``domain.shared.formula_cells``); numbers, dates and flags are written as they are, so
    a money column's -5.00 stays a number. XLSX needs none of this: its cells are typed."""
    text = text_of(value, kind)
    return neutralised(text) if isinstance(value, str) else text


def csv_chunks(
    columns: Sequence[Column], rows: Iterable[dict[str, Any]], language: str
) -> Iterator[bytes]:
    """The report as CSV, in chunks of about 64 KiB; every cell goes through ``csv_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(c.header(language), Kind.TEXT) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(c.shown(row.get(c.key), language), c.kind) for c in columns])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(
    columns: Sequence[Column], rows: Iterable[dict[str, Any]], language: str, title: str
) -> Iterator[bytes]:
    """The report as an .xlsx workbook, written row by row to a temporary file, then sent."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(path, columns, rows, language, title)
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def write_xlsx(
    path: str,
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    language: str,
    title: str,
) -> None:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    try:
        sheet = workbook.add_worksheet(title.translate(_BAD_SHEET_CHARACTERS)[:31] or "report")
        bold = workbook.add_format({"bold": True})
        formats = {
            Kind.MONEY: workbook.add_format({"num_format": "#,##0.00"}),
            Kind.QTY: workbook.add_format({"num_format": "#,##0.######"}),
            Kind.PRICE: workbook.add_format({"num_format": "0.000000"}),
            Kind.RATIO: workbook.add_format({"num_format": "0.0000"}),
            Kind.DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.header(language), bold)
            sheet.set_column(col, col, 14)
        for number, row in enumerate(rows, start=1):
            for col, column in enumerate(columns):
                value = column.shown(row.get(column.key), language)
                _cell(sheet, number, col, value, column.kind, formats)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()


def _cell(sheet: Any, row: int, col: int, value: Any, kind: Kind, formats: dict[Kind, Any]) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, Decimal | int):
        # a spreadsheet number is a double; our figures have at most 15 significant digits,
        # which a double carries exactly to the text of the cell
        sheet.write_number(row, col, float(value), formats.get(kind))
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats[Kind.DATE])
    else:
        sheet.write_string(row, col, str(value))
