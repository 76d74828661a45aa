"""Opening stock (期初库存) from a file: one posted 期初 per warehouse, every line rule of a
stock document, no default unit, the ×50 warning, all or nothing, a file posted once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.files.tables import read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import PermissionDenied, ValidationError
from openjxc.services import warehouses
from openjxc.services.imports import engine
from openjxc.services.inventory import periods
from tests.integration.imports.conftest import csv_bytes

PRODUCTS = [
    ["商品编码", "商品名称", "基本单位", "基本单位小数位", "辅助单位1", "换算系数1", "批次管理", "参考进价"],
    ["FLOUR", "面粉", "kg", "3", "袋", "25", "不管理", "4"],
    ["MILK", "牛奶", "瓶", "0", "箱", "12", "批次管理", "5"],
]  # fmt: skip
HEADER = ["仓库编码", "商品编码", "单位", "数量", "单位成本", "批次号", "生产日期", "有效期至"]
GOOD = [
    ["CW", "FLOUR", "袋", "4", "100", "", "", ""],  # 100 kg at 4 a kg
    ["CW", "MILK", "箱", "2", "60", "B1", "2026-12-01", "2027-01-01"],
    ["S2", "FLOUR", "kg", "12.5", "4.2", "", "", ""],
]


@pytest.fixture
def stocked(system: System, hq: None) -> None:
    warehouses.create_warehouse(
        warehouses.WarehouseData("S2", "二号仓", "HQ"), Actor.system(), system.uow()
    )
    done = engine.import_and_confirm(
        "products", "p.csv", csv_bytes(PRODUCTS), Actor.system(), system.uow(), read_upload
    )
    assert done.dry_run.counts["create"] == 2


def _dry(system: System, content: bytes):
    return engine.dry_run_import(
        "opening_stock", "s.csv", content, Actor.system(), system.uow(), read_upload
    )


def _confirm(system: System, content: bytes, warnings: bool = False):
    result = _dry(system, content)
    assert result.record.id is not None
    return engine.confirm_import(
        result.record.id, Actor.system(), system.uow(), read_upload, confirm_warnings=warnings
    )


def _stock(system: System) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    balance, product, warehouse = (
        inventory.stock_balance,
        catalog.product,
        catalog.warehouse,
    )
    query = (
        select(warehouse.c.code, product.c.code, balance.c.on_hand, balance.c.value)
        .join(product, product.c.id == balance.c.product_id)
        .join(warehouse, warehouse.c.id == balance.c.warehouse_id)
    )
    with system.engine.connect() as connection:
        return {(w, p): (q, v) for w, p, q, v in connection.execute(query)}


def _documents(system: System) -> list[tuple[str, str]]:
    document = inventory.document
    query = select(document.c.type, document.c.status).order_by(document.c.id)
    with system.engine.connect() as connection:
        return [(str(t), str(s)) for t, s in connection.execute(query)]


def _issues(result) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.code) for i in result.dry_run.errors]


@pytest.mark.usefixtures("stocked")
def test_one_posted_opening_document_per_warehouse_and_the_file_posted_once(
    system: System,
) -> None:
    content = csv_bytes([HEADER, *GOOD])
    dry = _dry(system, content)
    assert dry.dry_run.counts["create"] == 3
    assert _stock(system) == {}  # a dry run writes nothing
    done = _confirm(system, content)
    assert done.record.status.value == "confirmed"
    assert _documents(system) == [("opening_stock", "approved")] * 2
    stock = _stock(system)
    assert stock[("CW", "FLOUR")] == (Decimal("100"), Decimal("400"))
    assert stock[("CW", "MILK")] == (Decimal("24"), Decimal("120"))
    assert stock[("S2", "FLOUR")] == (Decimal("12.5"), Decimal("52.50"))

    again = _dry(system, content)  # the same file (its SHA-256): posted already
    assert again.dry_run.counts["unchanged"] == 3
    assert again.dry_run.counts["create"] == 0
    _confirm(system, content)
    assert len(_documents(system)) == 2
    assert _stock(system) == stock


@pytest.mark.usefixtures("stocked")
def test_the_unit_is_required_and_never_defaulted(system: System) -> None:
    rows = [
        ["CW", "FLOUR", "", "4", "100", "", "", ""],
        ["S2", "FLOUR", "g", "4", "100", "", "", ""],
    ]
    result = _dry(system, csv_bytes([HEADER, *rows]))
    assert _issues(result) == [(2, "unit", "required"), (3, "unit", "unknown_unit")]


@pytest.mark.usefixtures("stocked")
def test_a_cost_a_thousand_times_off_is_a_warning_to_confirm(system: System) -> None:
    # 4,000 a kg: priced per tonne, or per gram the other way round
    content = csv_bytes([HEADER, ["CW", "FLOUR", "kg", "10", "4000", "", "", ""]])
    result = _dry(system, content)
    [warning] = result.dry_run.warnings
    assert (warning.column, warning.code) == ("unit_cost", "implausible_value")
    assert warning.params["reference"] == "4"
    with pytest.raises(ValidationError) as refused:
        _confirm(system, content)
    assert refused.value.code == "import_unconfirmed_warnings"
    assert _stock(system) == {}
    _confirm(system, content, warnings=True)
    assert _stock(system)[("CW", "FLOUR")] == (Decimal("10"), Decimal("40000"))


@pytest.mark.usefixtures("stocked")
def test_per_box_costs_are_compared_per_base_unit(system: System) -> None:
    # a 袋 of 25 kg at 100 is 4 a kg: plausible, though 100 is 25× the per-kg price
    result = _dry(system, csv_bytes([HEADER, ["CW", "FLOUR", "袋", "1", "100", "", "", ""]]))
    assert result.dry_run.warnings == []


@pytest.mark.usefixtures("stocked")
def test_each_line_rule_is_an_error(system: System) -> None:
    rows = [
        ["CW", "FLOUR", "kg", "-1", "4", "", "", ""],
        ["CW", "NOPE", "kg", "1", "4", "", "", ""],
        ["XX", "FLOUR", "kg", "1", "4", "", "", ""],
        ["CW", "MILK", "瓶", "1", "5", "", "", ""],
        ["CW", "FLOUR", "kg", "1", "4", "B9", "", ""],
        ["S2", "MILK", "瓶", "1", "5", "B1", "", ""],
        ["S2", "MILK", "箱", "1", "60", "B1", "", ""],
    ]
    result = _dry(system, csv_bytes([HEADER, *rows]))
    assert _issues(result) == [
        (2, "qty", "not_positive"),
        (3, "product", "unknown_reference"),
        (4, "warehouse", "unknown_reference"),
        (5, "batch", "batch_required"),
        (6, "batch", "product_not_batch_tracked"),
        (8, "warehouse", "duplicate_in_file"),
    ]


@pytest.mark.usefixtures("stocked")
def test_a_date_in_a_closed_month_is_an_error(system: System) -> None:
    last_month = clock.today().replace(day=1) - timedelta(days=1)
    periods.close_period(f"{last_month:%Y-%m}", Actor.system(), system.uow())
    header = [*HEADER, "期初日期"]
    rows = [[*GOOD[0], last_month.isoformat()], [*GOOD[2], clock.today().isoformat()]]
    result = _dry(system, csv_bytes([header, *rows]))
    [(row, column, _code)] = _issues(result)
    assert (row, column) == (2, "date")


@pytest.mark.usefixtures("stocked")
def test_an_error_in_the_last_row_writes_nothing(system: System) -> None:
    content = csv_bytes([HEADER, *GOOD, ["S2", "FLOUR", "", "1", "4", "", "", ""]])
    result = _dry(system, content)
    assert result.dry_run.counts == {**result.dry_run.counts, "create": 3, "error": 1}
    with pytest.raises(ValidationError):
        _confirm(system, content)
    assert _stock(system) == {}
    assert _documents(system) == []


@pytest.mark.usefixtures("stocked")
def test_posting_needs_the_approve_permission(system: System) -> None:
    clerk = Actor(None, "clerk", frozenset({"stock_document.write"}))
    with pytest.raises(PermissionDenied) as refused:
        engine.dry_run_import(
            "opening_stock",
            "s.csv",
            csv_bytes([HEADER, *GOOD]),
            clerk,
            system.uow(),
            read_upload,
        )
    assert refused.value.params["permission"] == "stock_document.approve"
