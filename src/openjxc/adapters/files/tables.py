"""An uploaded table as rows of cells: a CSV file or a spreadsheet's first sheet.

What the rows mean is the caller's business (``services.inventory.count_files`` reads
stocktake counts from them); this module only knows file formats, so the services never
import a spreadsheet library.
"""

from __future__ import annotations

import csv
import io

from python_calamine import CalamineWorkbook

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.formula_cells import restored

MAX_FILE_BYTES = 1024 * 1024  # an uploaded table (an upload's body limit is checked first)
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def read_table(filename: str, content: bytes) -> list[list[object]]:
    """The rows of the file, chosen by its name's suffix; refused when too large or unreadable."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError("payload_too_large", max_bytes=MAX_FILE_BYTES)
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv(content)
    if name.endswith(SHEET_SUFFIXES):
        return _sheet(content)
    raise ValidationError("unsupported_file_type", field="file", value=filename)


def _csv(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")  # what Excel in China saves CSV as
        except UnicodeDecodeError:
            raise ValidationError("unreadable_file", field="file") from None
    # a sheet we exported has its formula-like text behind an apostrophe: take it off
    return [[restored(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _sheet(content: bytes) -> list[list[object]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [list(row) for row in book.get_sheet_by_index(0).to_python()]
    except Exception:  # calamine raises its own types for every kind of broken file
        raise ValidationError("unreadable_file", field="file") from None
