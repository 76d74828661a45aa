"""An uploaded table as rows of cells: a CSV file or a spreadsheet's first sheet.

What the rows mean is the caller's business (``services.inventory.count_files`` reads
stocktake counts from them); this module only knows file formats, so the services never
import a spreadsheet library.

Every importer reads through :func:`read_table`, so the guards against hostile files live
here once. An XLSX or ODS file is a zip: a 500 KB "zip bomb" can unpack to gigabytes. Its
central directory is inspected before anything is decompressed (member count, sizes,
compression ratio), and the members are then unpacked by ``zipfile`` — which stops at each
member's declared size and checks its CRC — into a plain (stored) archive for the spreadsheet
reader, so the reader never sees more than the bound whatever the headers claim. Rows are
counted while they are read, and reading stops at the first row over the limit.

For imports (``read_upload``) a sheet is also refused with merged cells (which row would a
merged value belong to?) or a cell longer than ``max_cell_chars``; formula cells are read
as their cached value and reported, so the import can warn about each.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from python_calamine import CalamineWorkbook

from openjxc.domain.imports.table import UploadedTable
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.formula_cells import restored

MAX_FILE_BYTES = 1024 * 1024  # an uploaded table (an upload's body limit is checked first)
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # .xls is not a zip: its size bounds it
#: members this small are not judged by their compression ratio (styles, shared strings)
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class TableLimits:
    """What an uploaded table may be; ``Settings`` chooses them (``upload_*``)."""

    max_file_bytes: int = MAX_FILE_BYTES
    #: all members of a spreadsheet's zip together, unpacked
    max_unpacked_bytes: int = 32 * 1024 * 1024
    #: unpacked ÷ packed size of one member larger than RATIO_FLOOR_BYTES
    max_ratio: int = 100
    max_members: int = 1000
    max_rows: int = 50_000
    #: characters of one cell (Excel's own limit is 32,767)
    max_cell_chars: int = 32 * 1024


def read_table(
    filename: str, content: bytes, limits: TableLimits = TableLimits()
) -> list[list[object]]:
    """The rows of the file, chosen by its name's suffix; refused when too large or unreadable."""
    return read_upload(filename, content, limits).rows


def read_upload(
    filename: str, content: bytes, limits: TableLimits = TableLimits()
) -> UploadedTable:
    """The rows of the file and its formula cells; refused when too large, unreadable,
    empty, merged, or with a cell over the limit."""
    if len(content) > limits.max_file_bytes:
        raise ValidationError("payload_too_large", max_bytes=limits.max_file_bytes)
    name = filename.lower()
    if name.endswith(".csv"):
        table = UploadedTable(_capped(_csv(content), limits.max_rows))
    elif name.endswith(ZIP_SUFFIXES):
        plain = unpacked(content, limits)
        table = _sheet(plain, limits.max_rows, _formulas(plain))
    elif name.endswith(SHEET_SUFFIXES):
        table = _sheet(content, limits.max_rows, set())
    else:
        raise ValidationError("unsupported_file_type", field="file", value=filename)
    _check_cells(table, limits.max_cell_chars)
    return table


def _check_cells(table: UploadedTable, max_chars: int) -> None:
    if not any(cell not in (None, "") for row in table.rows for cell in row):
        raise ValidationError("empty_file", field="file")
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > max_chars:
                raise ValidationError(
                    "cell_too_large",
                    field="file",
                    row=index + table.first_row,
                    column=_column_name(column + table.first_column),
                    max_chars=max_chars,
                )


def unpacked(content: bytes, limits: TableLimits) -> bytes:
    """The zip ``content`` re-stored without compression, once it is known to be within limits.

    Refused before any member is decompressed when the central directory declares too many
    members, too many bytes or a bomb's compression ratio; a member whose data does not match
    its declared size and CRC is refused while it is unpacked, never read further.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError("unreadable_file", field="file") from None
    with archive:
        members = archive.infolist()
        _check_directory(members, limits)
        stored = io.BytesIO()
        try:
            with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as plain:
                for member in members:
                    if member.is_dir():
                        continue
                    # zipfile yields at most the declared size, and checks the CRC at its end
                    with archive.open(member) as source, plain.open(member.filename, "w") as kept:
                        shutil.copyfileobj(source, kept, _CHUNK)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            raise ValidationError("unreadable_file", field="file") from None
    return stored.getvalue()


def _check_directory(members: list[zipfile.ZipInfo], limits: TableLimits) -> None:
    if len(members) > limits.max_members:
        raise ValidationError("unsafe_file", field="file")
    if sum(m.file_size for m in members) > limits.max_unpacked_bytes:
        raise ValidationError("file_too_large", field="file", max_bytes=limits.max_unpacked_bytes)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise ValidationError("unsafe_file", field="file")


def _capped(rows: Iterable[list[object]], max_rows: int) -> list[list[object]]:
    table: list[list[object]] = []
    for row in rows:
        if len(table) == max_rows:
            raise ValidationError("too_many_rows", field="file", max_rows=max_rows)
        table.append(row)
    return table


def _csv(content: bytes) -> Iterator[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")  # what Excel in China saves CSV as
        except UnicodeDecodeError:
            raise ValidationError("unreadable_file", field="file") from None
    # a sheet we exported has its formula-like text behind an apostrophe: take it off
    return ([restored(cell) for cell in row] for row in csv.reader(io.StringIO(text)))


def _sheet(content: bytes, max_rows: int, formulas: set[tuple[int, int]]) -> UploadedTable:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        rows = sheet.to_python(nrows=max_rows + 1)  # one row more: the limit refuses it
        merged = sheet.merged_cell_ranges or []
        start = sheet.start or (0, 0)
    except Exception:  # calamine raises its own types for every kind of broken file
        raise ValidationError("unreadable_file", field="file") from None
    if merged:
        (top, left), (bottom, right) = merged[0]
        cells = f"{_column_name(left)}{top + 1}:{_column_name(right)}{bottom + 1}"
        raise ValidationError("merged_cells", field="file", cells=cells, count=len(merged))
    # calamine's rows start at the first cell in use: keep the sheet's own numbering
    first_row, first_column = start
    return UploadedTable(
        _capped((list(row) for row in rows), max_rows),
        frozenset((r - first_row, c - first_column) for r, c in formulas),
        first_row + 1,
        first_column,
    )


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def _formulas(plain: bytes) -> set[tuple[int, int]]:
    """(row, column), from 0, of every formula cell of the first sheet of an XLSX (an ODS
    or a sheet we cannot place yields none: calamine reads their cached values all the same)."""
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            path = _first_sheet(archive)
            if path is None:
                return set()
            found: set[tuple[int, int]] = set()
            with archive.open(path) as sheet:
                for _event, element in iterparse(sheet):
                    if element.tag == f"{_MAIN}c":
                        match = _CELL.fullmatch(element.get("r", ""))
                        if match and element.find(f"{_MAIN}f") is not None:
                            found.add((int(match.group(2)) - 1, _column_index(match.group(1))))
                        element.clear()
                    elif element.tag == f"{_MAIN}row":
                        element.clear()
            return found
    except (KeyError, zipfile.BadZipFile, SyntaxError, ValueError):
        return set()


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    with archive.open("xl/workbook.xml") as book:
        sheet = next((e for _ev, e in iterparse(book) if e.tag == f"{_MAIN}sheet"), None)
    if sheet is None:
        return None
    target_id = sheet.get(f"{_DOC_RELS}id")
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        for _ev, rel in iterparse(rels):
            if rel.tag == f"{_RELS}Relationship" and rel.get("Id") == target_id:
                target = rel.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
