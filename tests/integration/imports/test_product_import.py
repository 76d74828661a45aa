"""Products from a file: dry run, confirm, all or nothing, idempotent, on both databases."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from openjxc.adapters.db.tables import system as system_tables
from openjxc.adapters.files.tables import read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.queries import products as product_queries
from openjxc.services import organisations
from openjxc.services.imports import engine
from openjxc.services.imports.ports import ImportStatus
from tests.integration.imports.conftest import csv_bytes, xlsx_bytes

HEADER = [
    "商品编码",
    "商品名称",
    "基本单位",
    "辅助单位1",
    "换算系数1",
    "条码1",
    "条码",
    "税率",
    "零售价",
]


def _rows(n: int, start: int = 1) -> list[list[object]]:
    return [
        [f"P{i:05d}", f"商品{i}", "个", "箱", "24", f"69{i:011d}", f"68{i:011d}", "13%", "12.5"]
        for i in range(start, start + n)
    ]


def _dry(system: System, content: bytes, name: str = "p.csv", kind: str = "products"):
    return engine.dry_run_import(kind, name, content, Actor.system(), system.uow(), read_upload)


def _replaced(xlsx: bytes, old: bytes, new: bytes) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            out.writestr(name, source.read(name).replace(old, new))
    return target.getvalue()


def _product_count(system: System) -> int:
    with system.read_sessions() as session:
        return product_queries.list_products(session, Actor.system(), limit=1)[1]


def test_a_dry_run_writes_nothing_but_its_record(system: System) -> None:
    result = _dry(system, csv_bytes([HEADER, *_rows(3)]))
    assert result.dry_run.counts["create"] == 3
    assert result.record.status is ImportStatus.DRY_RUN
    assert _product_count(system) == 0


def test_confirm_writes_every_row_and_reimport_changes_nothing(system: System) -> None:
    content = csv_bytes([HEADER, *_rows(5)])
    result = _dry(system, content)
    assert result.record.id is not None
    done = engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert done.record.status is ImportStatus.CONFIRMED
    assert _product_count(system) == 5
    with system.engine.connect() as connection:
        audit = system_tables.audit_log
        query = select(audit.c.after).where(audit.c.action == "product.create")
        after = connection.execute(query.order_by(audit.c.id)).scalars().first()
    assert after["code"] == "P00001"  # a JSON object, on both databases
    assert after["units"] == "箱=24"
    again = _dry(system, content)
    assert again.dry_run.counts == {
        "create": 0, "update": 0, "unchanged": 5, "error": 0, "warning": 0
    }  # fmt: skip
    with pytest.raises(Conflict) as refused:
        engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert refused.value.code == "import_already_confirmed"


def test_an_error_in_the_last_row_writes_nothing(system: System) -> None:
    rows = _rows(300)
    rows[-1][2] = ""  # no base unit: required
    result = _dry(system, csv_bytes([HEADER, *rows]))
    assert result.dry_run.counts["error"] == 1
    [issue] = result.dry_run.errors
    assert (issue.row, issue.column, issue.code) == (301, "base_unit", "required")
    assert result.record.id is not None
    with pytest.raises(ValidationError) as refused:
        engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert refused.value.code == "import_has_errors"
    assert _product_count(system) == 0
    failed = engine.get_import(result.record.id, Actor.system(), system.uow())
    assert failed.status is ImportStatus.FAILED


def test_an_update_lists_the_fields_that_change(system: System) -> None:
    engine.import_and_confirm(
        "products", "p.csv", csv_bytes([HEADER, *_rows(2)]), Actor.system(), system.uow(),
        read_upload,
    )  # fmt: skip
    rows = _rows(2)
    rows[1][1] = "新名字"
    rows[1][4] = "12"
    result = _dry(system, csv_bytes([HEADER, *rows]))
    outcome = result.dry_run.rows[1]
    assert outcome.action.value == "update"
    assert outcome.changes["name"] == ("商品2", "新名字")
    assert outcome.changes["units"] == ("箱=24", "箱=12")
    assert result.dry_run.rows[0].action.value == "unchanged"


def test_a_price_fifty_times_off_is_a_warning_to_confirm(system: System) -> None:
    engine.import_and_confirm(
        "products", "p.csv", csv_bytes([HEADER, *_rows(1)]), Actor.system(), system.uow(),
        read_upload,
    )  # fmt: skip
    rows = _rows(1)
    rows[0][8] = "12500"  # ×1000: a price per gram typed for a kilogram
    result = _dry(system, csv_bytes([HEADER, *rows]))
    [warning] = result.dry_run.warnings
    assert (warning.code, warning.column) == ("implausible_value", "level_price_1")
    assert result.record.id is not None
    with pytest.raises(ValidationError) as refused:
        engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert refused.value.code == "import_unconfirmed_warnings"
    engine.confirm_import(
        result.record.id, Actor.system(), system.uow(), read_upload, frozenset({2})
    )


def test_duplicate_codes_and_barcodes_in_one_file_are_errors(system: System) -> None:
    rows = _rows(3)
    rows[2][0] = rows[0][0]
    rows[1][6] = rows[0][6]
    result = _dry(system, csv_bytes([HEADER, *rows]))
    codes = sorted((i.row, i.code) for i in result.dry_run.errors)
    assert codes == [(3, "duplicate_in_file"), (4, "duplicate_in_file")]


def test_a_barcode_of_another_product_is_an_error(system: System) -> None:
    engine.import_and_confirm(
        "products", "p.csv", csv_bytes([HEADER, *_rows(1)]), Actor.system(), system.uow(),
        read_upload,
    )  # fmt: skip
    rows = _rows(1, start=2)
    rows[0][6] = _rows(1)[0][6]
    [issue] = _dry(system, csv_bytes([HEADER, *rows])).dry_run.errors
    assert issue.code == "duplicate_barcode"


@pytest.mark.parametrize(
    "header",
    [
        ["code", "name", "base_unit", "unit_1", "unit_1_factor", "unit_1_barcode", "barcode",
         "tax_rate", "level_price_1"],
        ["Code", "Name", "Base unit", "Unit 1", "Unit 1 factor", "Unit 1 barcode", "Barcode",
         "Tax rate", "Level 1 price"],
    ],
)  # fmt: skip
def test_headers_in_english_are_matched(system: System, header: list[str]) -> None:
    result = _dry(system, csv_bytes([header, *_rows(2)]))
    assert result.dry_run.counts["create"] == 2


def test_headers_in_any_order_are_matched(system: System) -> None:
    order = [8, 3, 0, 6, 2, 1, 5, 4, 7]
    header = [HEADER[i] for i in order]
    rows = [[row[i] for i in order] for row in _rows(2)]
    result = _dry(system, csv_bytes([header, *rows]))
    assert result.dry_run.counts["create"] == 2
    assert result.record.id is not None
    engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert _dry(system, csv_bytes([HEADER, *_rows(2)])).dry_run.counts["unchanged"] == 2


def test_an_unknown_column_refuses_the_file(system: System) -> None:
    with pytest.raises(ValidationError) as refused:
        _dry(system, csv_bytes([[*HEADER, "颜色"], *_rows(1)]))
    assert refused.value.code == "import_bad_header"
    assert refused.value.details[0]["code"] == "unknown_column"


def test_a_missing_required_column_refuses_the_file(system: System) -> None:
    with pytest.raises(ValidationError) as refused:
        _dry(system, csv_bytes([HEADER[:2], ["P1", "x"]]))
    assert {d["code"] for d in refused.value.details} == {"missing_column"}


def test_gbk_and_bom_csv_files_are_read(system: System) -> None:
    for encoding in ("gb18030", "utf-8-sig"):
        result = _dry(system, csv_bytes([HEADER, *_rows(1)], encoding))
        assert result.dry_run.counts["create"] == 1, encoding


def test_numbers_of_an_xlsx_keep_their_exact_decimals(system: System) -> None:
    rows = [[*r[:4], 24, *r[5:8], 0.1] for r in _rows(1)]
    result = _dry(system, xlsx_bytes([HEADER, *rows]), "p.xlsx")
    assert result.record.id is not None
    engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    with system.read_sessions() as session:
        rows_, _count = product_queries.list_products(session, Actor.system(), limit=1)
    assert rows_[0]["code"] == "P00001"
    level = system.uow()
    with level:
        stored = level.imports.products(["P00001"])["P00001"]
    assert stored.level_prices[1] == Decimal("0.1")
    assert stored.product.units[0].factor == Decimal(24)


def test_a_formula_cell_is_read_as_its_value_and_warned_about(system: System) -> None:
    rows = _rows(1)

    def formula(sheet: object) -> None:
        sheet.write_formula(1, 8, "=2*6.25", None, 12.5)  # type: ignore[attr-defined]

    rows[0][8] = None
    result = _dry(system, xlsx_bytes([HEADER, *rows], formula), "p.xlsx")
    [warning] = result.dry_run.warnings
    assert (warning.code, warning.row, warning.column) == ("formula_cell", 2, "level_price_1")


def test_a_computed_float_is_refused_not_rounded(system: System) -> None:
    rows = _rows(1)
    rows[0][8] = 0.3
    # as Excel stores =0.1+0.2: all 17 digits of the double (XlsxWriter writes 16)
    content = _replaced(xlsx_bytes([HEADER, *rows]), b"<v>0.3</v>", b"<v>0.30000000000000004</v>")
    result = _dry(system, content, "p.xlsx")
    [issue] = result.dry_run.errors
    assert issue.code == "inexact_number"


def test_merged_cells_refuse_the_file(system: System) -> None:
    def merge(sheet: object) -> None:
        sheet.merge_range("A3:B3", "x")  # type: ignore[attr-defined]

    with pytest.raises(ValidationError) as refused:
        _dry(system, xlsx_bytes([HEADER, *_rows(1)], merge), "p.xlsx")
    assert refused.value.code == "merged_cells"


def test_a_warehouse_in_an_organisation_out_of_scope_is_an_error(system: System) -> None:
    for code in ("HQ", "S2"):
        organisations.create_organisation(
            organisations.OrganisationData(code, code, "store"), Actor.system(), system.uow()
        )
    with system.read_sessions() as session:
        hq = session.execute(text("select id from organisation where code = 'HQ'")).scalar()
    scoped = Actor(None, "keeper", frozenset({"warehouse.write"}), organisation_ids=frozenset({hq}))
    content = csv_bytes(
        [["仓库编码", "仓库名称", "所属组织编码"], ["W1", "一号仓", "HQ"], ["W2", "二号仓", "S2"]]
    )
    result = engine.dry_run_import(
        "warehouses", "w.csv", content, scoped, system.uow(), read_upload
    )
    assert [r.action.value for r in result.dry_run.rows] == ["create", "error"]
    assert result.dry_run.errors[0].code == "organisation_out_of_scope"
