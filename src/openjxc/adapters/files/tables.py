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
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

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


def read_table(
    filename: str, content: bytes, limits: TableLimits = TableLimits()
) -> list[list[object]]:
    """The rows of the file, chosen by its name's suffix; refused when too large or unreadable."""
    if len(content) > limits.max_file_bytes:
        raise ValidationError("payload_too_large", max_bytes=limits.max_file_bytes)
    name = filename.lower()
    if name.endswith(".csv"):
        return _capped(_csv(content), limits.max_rows)
    if name.endswith(ZIP_SUFFIXES):
        return _sheet(unpacked(content, limits), limits.max_rows)
    if name.endswith(SHEET_SUFFIXES):
        return _sheet(content, limits.max_rows)
    raise ValidationError("unsupported_file_type", field="file", value=filename)


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


def _sheet(content: bytes, max_rows: int) -> list[list[object]]:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        rows = sheet.to_python(nrows=max_rows + 1)  # one row more: the limit refuses it
    except Exception:  # calamine raises its own types for every kind of broken file
        raise ValidationError("unreadable_file", field="file") from None
    return _capped((list(row) for row in rows), max_rows)
