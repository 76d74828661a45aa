"""Import files: GBK and BOM CSV, formula cells, merged cells, long cells, empty sheets,
too many rows and zip bombs, all through ``read_upload``."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from openjxc.adapters.files.import_templates import import_template
from openjxc.adapters.files.tables import TableLimits, read_upload
from openjxc.domain.imports.kinds.products import product_kind
from openjxc.domain.shared.errors import ValidationError
from tests.unit.files.test_uploaded_tables import _bomb


def _xlsx(build: object) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book.add_worksheet())  # type: ignore[operator]
    book.close()
    return buffer.getvalue()


def _refused(name: str, content: bytes, limits: TableLimits | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        read_upload(name, content, limits or TableLimits())
    return refused.value


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_with_or_without_bom(encoding: str) -> None:
    table = read_upload("a.csv", "商品编码,商品名称\nP1,淡奶油\n".encode(encoding))
    assert table.rows == [["商品编码", "商品名称"], ["P1", "淡奶油"]]


def test_formula_cells_are_read_as_their_value_and_reported() -> None:
    def build(sheet: object) -> None:
        sheet.write_row(0, 0, ["a", "b"])  # type: ignore[attr-defined]
        sheet.write_formula(1, 1, "=1+1", None, 2)  # type: ignore[attr-defined]

    table = read_upload("a.xlsx", _xlsx(build))
    assert table.rows[1][1] == 2
    assert table.formulas == {(1, 1)}


def test_a_sheet_starting_below_row_one_keeps_its_row_numbers() -> None:
    def build(sheet: object) -> None:
        sheet.write_row(2, 1, ["a", "b"])  # type: ignore[attr-defined]
        sheet.write_formula(3, 2, "=1+1", None, 2)  # type: ignore[attr-defined]

    table = read_upload("a.xlsx", _xlsx(build))
    assert (table.first_row, table.rows[0]) == (3, ["a", "b"])
    assert table.formulas == {(1, 1)}


def test_merged_cells_are_refused_naming_them() -> None:
    def build(sheet: object) -> None:
        sheet.write_row(0, 0, ["a", "b"])  # type: ignore[attr-defined]
        sheet.merge_range("A2:B3", "x")  # type: ignore[attr-defined]

    error = _refused("a.xlsx", _xlsx(build))
    assert (error.code, error.params["cells"]) == ("merged_cells", "A2:B3")


def test_a_cell_over_the_limit_is_refused_naming_its_place() -> None:
    error = _refused("a.csv", ("a,b\nx," + "长" * 40_000 + "\n").encode())
    assert (error.code, error.params["row"], error.params["column"]) == ("cell_too_large", 2, "B")


def test_an_empty_sheet_is_refused() -> None:
    assert _refused("a.xlsx", _xlsx(lambda sheet: None)).code in ("empty_file", "unreadable_file")
    assert _refused("a.csv", b",,\n\n").code == "empty_file"


def test_rows_over_the_limit_are_refused_naming_the_limit() -> None:
    error = _refused("a.csv", b"a\n" * 11, TableLimits(max_rows=10))
    assert (error.code, error.params["max_rows"]) == ("too_many_rows", 10)


def test_a_zip_bomb_posing_as_xlsx_is_refused() -> None:
    error = _refused("bomb.xlsx", _bomb(200 * 1024 * 1024))
    assert error.code in ("unsafe_file", "file_too_large")


def test_a_file_over_the_import_size_is_refused() -> None:
    error = _refused("a.csv", b"a\n" * 100, TableLimits(max_file_bytes=100))
    assert error.code == "payload_too_large"


def test_the_template_has_keys_in_a_hidden_second_row_and_reads_back() -> None:
    kind = product_kind()
    table = read_upload("t.xlsx", import_template(kind))
    assert table.rows[0][0] == "商品编码*"
    assert table.rows[1] == [c.key for c in kind.columns]
    assert table.rows[2][0] == "P001"
