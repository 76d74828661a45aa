"""Reports as .csv and .xlsx files, written as rows arrive: memory stays bounded.

CSV is produced as a generator of byte chunks (UTF-8 with a BOM, so Excel opens Chinese
text correctly). XLSX is written by XlsxWriter in ``constant_memory`` mode — each row goes to
disk as it is written — into a temporary file that is then streamed in chunks and removed.

Exports are long (a 进销存汇总表 by product × warehouse has tens of thousands of rows of
thirty-odd columns), so what a cell costs is worked out once per column, not per cell: each
column gets one function from value to text (``csv_cell``'s rules, specialised for its kind),
and the .xlsx rows are written as XML by ``_RowSheet`` (see there) with the styles XlsxWriter
assigned. Both write exactly what the general rules (``text_of``, ``_cell``) would.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from openjxc.domain.shared.formula_cells import CONTROL_LEADS, FORMULA_LEADS, neutralised
from openjxc.domain.shared.numbers import plain
from openjxc.queries.reports.framework import Column, Kind

CHUNK = 64 * 1024
_BAD_SHEET_CHARACTERS = str.maketrans({c: " " for c in "[]:*?/\\"})
#: the first characters after which a text may be formula-like (leading spaces included)
_RISKY_FIRST = frozenset(FORMULA_LEADS + CONTROL_LEADS + (" ",))
#: what XlsxWriter's escaping of an inline string would change (control characters, text
#: that looks like its _xHHHH_ escapes, XML's special characters)
_ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_STRINGS_KEPT = 4096  # distinct texts remembered per column (bounded memory)


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


def _money_text(value: Any) -> str:
    """``csv_cell`` of a money column. A Decimal with two decimals (every amount the reports
    unscale) prints as ``f"{value:.2f}"`` does, and ``str`` is several times faster."""
    if type(value) is Decimal:
        text = str(value)
        return text if text[-3:-2] == "." else f"{value:.2f}"
    return "" if value is None else csv_cell(value, Kind.MONEY)


def _number_text(value: Any) -> str:
    """``csv_cell`` of a quantity or other number column: ``plain`` (no trailing zeros). A
    Decimal without exponent in its text (every quantity the reports unscale) is stripped
    of its zeros directly, which is what ``plain`` does, at a fraction of its cost."""
    if type(value) is Decimal:
        text = str(value)
        if "E" in text:
            return plain(value)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if value is None:
        return ""
    return str(value) if type(value) is int else csv_cell(value, Kind.QTY)


def _text_text(value: Any) -> str:
    """``csv_cell`` of a text column: only text that may be formula-like is looked at."""
    if type(value) is str:
        return neutralised(value) if value and value[0] in _RISKY_FIRST else value
    return "" if value is None else csv_cell(value, Kind.TEXT)


def _date_text(value: Any) -> str:
    if type(value) is date:
        return value.isoformat()
    return "" if value is None else csv_cell(value, Kind.DATE)


def _csv_formatter(column: Column, language: str) -> Callable[[Any], str]:
    """The text of ``column``'s cells, the same as ``csv_cell(column.shown(value), kind)``."""
    kind = column.kind
    if kind is Kind.MONEY:
        text = _money_text
    elif kind in (Kind.QTY, Kind.PRICE, Kind.RATIO, Kind.INT):
        text = _number_text
    elif kind is Kind.TEXT:
        text = _text_text
    elif kind is Kind.DATE:
        text = _date_text
    else:
        return lambda value: csv_cell(column.shown(value, language), kind)
    if column.labels is None:
        return text
    # a coded value in the reader's words (the words are text, whatever the column's kind)
    words = {code: csv_cell(column.shown(code, language), Kind.TEXT) for code in column.labels}

    def labelled(value: Any) -> str:
        shown = words.get(value) if isinstance(value, str) else None
        return text(value) if shown is None else shown

    return labelled


def csv_chunks(
    columns: Sequence[Column], rows: Iterable[dict[str, Any]], language: str
) -> Iterator[bytes]:
    """The report as CSV, in chunks of about 64 KiB; every cell as ``csv_cell`` writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(c.header(language), Kind.TEXT) for c in columns])
    cells = [(c.key, _csv_formatter(c, language)) for c in columns]
    for row in rows:
        get = row.get
        writer.writerow([text(get(key)) for key, text in cells])
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


_NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.QTY: "#,##0.######",
    Kind.PRICE: "0.000000",
    Kind.RATIO: "0.0000",
    Kind.DATE: "yyyy-mm-dd",
}


def write_xlsx(
    path: str,
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    language: str,
    title: str,
) -> None:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    try:
        name = title.translate(_BAD_SHEET_CHARACTERS)[:31] or "report"
        sheet = workbook.add_worksheet(name, worksheet_class=_RowSheet)
        assert isinstance(sheet, _RowSheet)
        bold = workbook.add_format({"bold": True})
        formats = {k: workbook.add_format({"num_format": f}) for k, f in _NUMBER_FORMATS.items()}
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.header(language), bold)
            sheet.set_column(col, col, 14)
        sheet.write_rows(1, columns, rows, language, formats)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()


class _RowSheet(Worksheet):  # type: ignore[misc]
    """A constant-memory worksheet that writes a report's rows a whole row at a time.

    XlsxWriter's cell API costs several microseconds a cell (argument checks, a tuple per
    cell, an attribute list per cell when the row is flushed): 2,400 rows a second for a
    34-column report on our machine. Here each column's cells are written by one function
    chosen once, and a row's XML goes to the worksheet's row file in one write. The XML is
    what ``_cell`` writes through XlsxWriter's own API — the same elements, styles and
    escaping (XlsxWriter's own helpers escape text and convert dates) — except that a
    Decimal's ``<v>`` is its exact text (``1.50``) instead of the nearest double's 16 digits
    (``1.5``): for figures of up to 15 significant digits (all of ours) both read as the same
    double. ``tests/unit/reports/test_export.py`` compares the two workbooks cell by cell.
    It is used through ``add_worksheet(worksheet_class=...)``, XlsxWriter's way to extend a
    worksheet, and relies on the constant-memory row file (``row_data_fh``) of XlsxWriter 3.
    """

    def write_rows(
        self,
        first: int,
        columns: Sequence[Column],
        rows: Iterable[dict[str, Any]],
        language: str,
        formats: dict[Kind, Any],
    ) -> None:
        """Write ``rows`` from row ``first`` on (nothing may be written below them later)."""
        assert self.constant_memory, "rows are written straight to the constant-memory file"
        self._write_single_row(first)  # the rows above (the header) go out first
        cells = [self._cell_writer(col, c, language, formats) for col, c in enumerate(columns)]
        write = self.row_data_fh.write
        after = first
        for row in rows:
            get = row.get
            r = str(after + 1)
            write(f'<row r="{r}">' + "".join([cell(get(key), r) for key, cell in cells]) + "</row>")
            after += 1
        if after > first and columns:
            self._check_dimensions(first, 0)
            self._check_dimensions(after - 1, len(columns) - 1)
            self.previous_row = after

    def _cell_writer(
        self, col: int, column: Column, language: str, formats: dict[Kind, Any]
    ) -> tuple[str, Callable[[Any, str], str]]:
        """The XML of ``column``'s cells (by value and row number), as ``_cell`` writes them."""
        letter = xl_col_to_name(col)
        style = formats.get(column.kind)
        number_style = f' s="{style._get_xf_index()}"' if style is not None else ""
        strings: dict[str, str] = {}  # names repeat (a product in every warehouse)
        other = self._other_cells(letter, number_style, formats)
        labels = column.labels is not None

        def cell(value: Any, r: str) -> str:
            if labels:
                value = column.shown(value, language)
            kind = type(value)
            if kind is Decimal:
                text = str(value)
                if "E" in text or "n" in text or "N" in text:  # 1E+3; NaN, Infinity
                    text = _double_text(value)
                return f'<c r="{letter}{r}"{number_style}><v>{text}</v></c>'
            if kind is str:
                inline = strings.get(value)
                if inline is None:
                    if len(strings) >= _STRINGS_KEPT:
                        strings.clear()
                    inline = strings[value] = self._inline(value)
                return f'<c r="{letter}{r}" t="inlineStr">{inline}</c>'
            return "" if value is None else other(value, r)

        return column.key, cell

    def _other_cells(
        self, letter: str, number_style: str, formats: dict[Kind, Any]
    ) -> Callable[[Any, str], str]:
        """Cells other than numbers and text: flags, whole numbers, dates (by ``_cell``'s
        rules: a date is a number in the date format, whatever its column)."""
        days: dict[date, Any] = {}

        def other(value: Any, r: str) -> str:
            if isinstance(value, bool):
                return f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>'
            if isinstance(value, int):
                return f'<c r="{letter}{r}"{number_style}><v>{float(value):.16G}</v></c>'
            if isinstance(value, Decimal):
                return f'<c r="{letter}{r}"{number_style}><v>{_double_text(value)}</v></c>'
            if isinstance(value, date):
                serial = days.get(value)
                if serial is None:
                    if len(days) >= _STRINGS_KEPT:
                        days.clear()
                    serial = days[value] = self._convert_date_time(value)
                style = formats[Kind.DATE]._get_xf_index()
                return f'<c r="{letter}{r}" s="{style}"><v>{serial:.16G}</v></c>'
            return f'<c r="{letter}{r}" t="inlineStr">{self._inline(str(value))}</c>'

        return other

    def _inline(self, value: str) -> str:
        """The ``<is>`` of a text cell, escaped as XlsxWriter escapes an inline string."""
        if len(value) > self.xls_strmax // 2:
            value = _utf16_truncated(value, self.xls_strmax)
        if _ESCAPES.search(value):
            value = self._escape_data(self._escape_control_characters(value))
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        return f"<is><t{space}>{value}</t></is>"


def _double_text(value: Decimal) -> str:
    """A number's text as XlsxWriter writes it (the nearest double, 16 digits)."""
    if not value.is_finite():
        raise TypeError("NAN/INF not supported in an .xlsx cell")
    return f"{float(value):.16G}"


def _utf16_truncated(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` UTF-16 units (an Excel cell's limit), as XlsxWriter does."""
    encoded = value.encode("utf-16-le", "surrogatepass")
    if len(encoded) // 2 <= limit:
        return value
    return encoded[: limit * 2].decode("utf-16-le", "ignore")


def _cell(sheet: Any, row: int, col: int, value: Any, kind: Kind, formats: dict[Kind, Any]) -> None:
    """A cell through XlsxWriter's own API: what ``_RowSheet`` must write (and the tests'
    reference for it)."""
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
