"""Reading stocktake counts from a CSV or XLSX file: one header row, then one row per count.

Columns, in any order: product code, batch (optional), counted quantity, unit. The unit
column is required (DESIGN §3.3: imports name the unit); an empty unit cell means the base
unit. Every bad row is reported with its row number as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from python_calamine import CalamineWorkbook

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.formula_cells import restored

#: header names accepted for each column (English and Chinese)
HEADERS = {
    "product": {"product", "product_code", "product code", "code", "商品编码", "商品", "编码"},
    "batch": {"batch", "batch_no", "批次", "批次号"},
    "counted_qty": {
        "counted_qty",
        "counted",
        "counted quantity",
        "qty",
        "实盘数量",
        "实盘数",
        "数量",
    },
    "unit": {"unit", "单位"},
}
Row = tuple[str, str, str | None, str | None]  # product, counted qty, unit, batch
MAX_FILE_BYTES = 1024 * 1024  # a count file (an upload's body limit is checked first)


def read_counts(filename: str, content: bytes) -> list[Row]:
    """The count rows of the file, or one ValidationError naming every bad row."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError("payload_too_large", max_bytes=MAX_FILE_BYTES)
    name = filename.lower()
    if name.endswith(".csv"):
        table = _csv(content)
    elif name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        table = _sheet(content)
    else:
        raise ValidationError("unsupported_file_type", field="file", value=filename)
    if not table:
        raise ValidationError("empty_file", field="file")
    columns = _columns(table[0])
    rows: list[Row] = []
    errors: list[dict[str, object]] = []
    for row_no, cells in enumerate(table[1:], start=2):
        values = {key: _cell(cells, index) for key, index in columns.items()}
        if not any(values.values()):
            continue  # blank rows are common at the end of a sheet
        missing = [key for key in ("product", "counted_qty") if not values.get(key)]
        if missing:
            errors += [{"row": row_no, "code": "required", "field": key} for key in missing]
            continue
        rows.append(
            (
                values["product"] or "",
                values["counted_qty"] or "",
                values.get("unit") or None,
                values.get("batch") or None,
            )
        )
    if errors:
        raise ValidationError("invalid_rows", details=errors, count=len(errors))
    return rows


def _columns(header: list[object]) -> dict[str, int]:
    names = [str(cell or "").strip().lower() for cell in header]
    columns: dict[str, int] = {}
    for key, aliases in HEADERS.items():
        for index, name in enumerate(names):
            if name in aliases and key not in columns:
                columns[key] = index
    missing = [key for key in ("product", "counted_qty", "unit") if key not in columns]
    if missing:
        raise ValidationError("missing_columns", field="file", columns=", ".join(missing))
    return columns


def _cell(cells: list[object], index: int) -> str | None:
    if index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, float):
        # spreadsheets store numbers as binary floats; the shortest repr is what was typed
        value = Decimal(repr(value))
        if value == value.to_integral_value():
            value = value.to_integral_value()
    text = str(value).strip() if value is not None else ""
    return text or None


def _csv(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")  # what Excel in China saves CSV as
        except UnicodeDecodeError:
            raise ValidationError("unreadable_file", field="file") from None
    # a count sheet we exported has its formula-like text behind an apostrophe: take it off
    return [[restored(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _sheet(content: bytes) -> list[list[object]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [list(row) for row in book.get_sheet_by_index(0).to_python()]
    except Exception:  # calamine raises its own types for every kind of broken file
        raise ValidationError("unreadable_file", field="file") from None
