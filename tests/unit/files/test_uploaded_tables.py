"""Hostile uploads: zip bombs, lying zip headers, endless rows and too many uploads at once."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

import pytest

from openjxc.adapters.files import tables
from openjxc.adapters.files.tables import TableLimits, read_table
from openjxc.domain.shared.errors import TooManyAttempts, ValidationError
from openjxc.entrypoints.uploads import UploadSlots

ROW = b'<row><c t="inlineStr"><is><t>P1</t></is></c><c><v>1</v></c></row>'
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def _bomb(sheet_bytes: int) -> bytes:
    """A workbook whose sheet unpacks to ``sheet_bytes`` of repeated rows, written in chunks."""
    buffer = io.BytesIO()
    chunk = ROW * 1000
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(HEAD)
            written = len(HEAD)
            while written < sheet_bytes:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(TAIL)
    return buffer.getvalue()


@pytest.fixture
def unpacked_bytes(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many bytes any zip member was decompressed into; the sheet reader must not run."""
    total = 0
    original = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        nonlocal total
        data = original(self, n)
        total += len(data)
        return data

    def no_reader(*args: object) -> None:
        raise AssertionError("the spreadsheet reader was reached")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    monkeypatch.setattr(tables.CalamineWorkbook, "from_filelike", no_reader)
    return lambda: total


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.code


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(
    unpacked_bytes: Callable[[], int],
) -> None:
    bomb = _bomb(64 * 1024 * 1024)
    assert len(bomb) < 512 * 1024  # 64 MB of sheet in a small file
    assert _code(lambda: read_table("counts.xlsx", bomb)) == "file_too_large"
    assert unpacked_bytes() == 0


def test_a_small_sheet_compressed_like_a_bomb_is_refused_by_its_ratio(
    unpacked_bytes: Callable[[], int],
) -> None:
    bomb = _bomb(4 * 1024 * 1024)  # within the size bound, but a thousand to one
    assert _code(lambda: read_table("counts.xlsx", bomb)) == "unsafe_file"
    assert unpacked_bytes() == 0


def test_a_zip_whose_directory_understates_a_member_is_never_unpacked_past_the_claim(
    unpacked_bytes: Callable[[], int],
) -> None:
    bomb = bytearray(_bomb(8 * 1024 * 1024))
    entry = bomb.rfind(b"PK\x01\x02")  # the sheet's central directory entry (the last one)
    assert struct.unpack_from("<I", bomb, entry + 24)[0] > 8 * 1024 * 1024
    struct.pack_into("<I", bomb, entry + 24, 1000)  # claim 1,000 bytes unpacked
    assert _code(lambda: read_table("counts.xlsx", bytes(bomb))) == "unreadable_file"
    assert unpacked_bytes() <= 1000 + len(b"<Types/>")


def test_too_many_zip_members_are_refused(unpacked_bytes: Callable[[], int]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(11):
            archive.writestr(f"part{n}.xml", "<x/>")
    limits = TableLimits(max_members=10)
    assert _code(lambda: read_table("a.xlsx", buffer.getvalue(), limits)) == "unsafe_file"
    assert unpacked_bytes() == 0


def test_a_non_zip_named_xlsx_is_unreadable() -> None:
    assert _code(lambda: read_table("counts.xlsx", b"not a zip at all")) == "unreadable_file"


def test_a_csv_past_the_row_limit_is_refused_and_one_at_it_is_read() -> None:
    limits = TableLimits(max_rows=3)
    assert len(read_table("c.csv", b"a\n1\n2\n", limits)) == 3
    assert _code(lambda: read_table("c.csv", b"a\n1\n2\n3\n", limits)) == "too_many_rows"


def test_a_sheet_past_the_row_limit_is_refused_and_one_at_it_is_read() -> None:
    def sheet(rows: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", HEAD + ROW * rows + TAIL)
            _minimal_workbook(archive)
        return buffer.getvalue()

    limits = TableLimits(max_rows=3)
    assert read_table("c.xlsx", sheet(3), limits) == [["P1", 1.0]] * 3
    assert _code(lambda: read_table("c.xlsx", sheet(4), limits)) == "too_many_rows"


def _minimal_workbook(archive: zipfile.ZipFile) -> None:
    ns = "http://schemas.openxmlformats.org"
    rels = f"{ns}/package/2006/relationships"
    archive.writestr(
        "[Content_Types].xml",
        f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    )
    archive.writestr(
        "_rels/.rels",
        f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships">'
        '<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
    )


def test_a_user_has_only_so_many_uploads_read_at_once() -> None:
    slots = UploadSlots(limit=2)
    with slots.hold(7), slots.hold(7):
        with pytest.raises(TooManyAttempts) as refused, slots.hold(7):
            pass
        assert refused.value.code == "too_many_uploads"
        with slots.hold(8):  # another user is not held up
            pass
    with slots.hold(7), slots.hold(7):  # released slots are free again
        pass
