"""Cells keep the number typed; headers match in Chinese or English, in any order."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from openjxc.domain.imports.cells import cell_text, parse
from openjxc.domain.imports.columns import ColumnType, ImportColumn, is_key_row, match_header
from openjxc.domain.imports.kinds.categories import KIND as CATEGORIES
from openjxc.domain.imports.kinds.products import product_kind
from openjxc.domain.imports.outcome import Action, DryRun, RowOutcome
from openjxc.domain.imports.plausibility import DEFAULT_FACTOR, implausible
from openjxc.domain.shared.errors import ValidationError

PRICE = ImportColumn("price", "价格", "Price", ColumnType.DECIMAL, scale=6)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (0.1, "0.1"),
        (12.5, "12.5"),
        (24.0, "24"),
        (123456789.123, "123456789.123"),
        (1e20, "100000000000000000000"),
        (6901234567891.0, "6901234567891"),
        ("  0.10 ", "0.10"),
        (True, "true"),
        (datetime(2026, 1, 2), "2026-01-02"),  # noqa: DTZ001 (calamine's are naive)
        (date(2026, 1, 2), "2026-01-02"),
        (None, ""),
    ],
)
def test_a_cell_reads_as_the_text_that_was_typed(cell: object, text: str) -> None:
    assert cell_text(cell) == text


def test_a_float_no_one_typed_is_refused_not_rounded() -> None:
    with pytest.raises(ValidationError) as refused:
        cell_text(0.1 + 0.2, "price")
    assert refused.value.code == "inexact_number"


def test_a_decimal_column_keeps_the_exact_value_and_refuses_more_decimals() -> None:
    assert parse(PRICE, "0.1") == Decimal("0.1")
    with pytest.raises(ValidationError) as refused:
        parse(PRICE, "0.1234567")
    assert refused.value.code == "too_many_decimals"


def test_enumerations_take_the_value_or_either_label() -> None:
    tracking = product_kind().column("tracking")
    assert parse(tracking, "批次管理") == parse(tracking, "batch") == "batch"
    with pytest.raises(ValidationError):
        parse(tracking, "sometimes")


def test_yes_and_no_in_chinese_and_english() -> None:
    active = CATEGORIES.column("active")
    assert parse(active, "是") is True
    assert parse(active, "no") is False


def test_headers_match_in_chinese_english_or_keys_in_any_order() -> None:
    match = match_header(CATEGORIES, ["Parent code", "分类名称", "code*"])
    assert match.issues == []
    assert match.positions == {"parent": 0, "name": 1, "code": 2}


def test_unknown_repeated_and_missing_columns_are_each_reported() -> None:
    match = match_header(CATEGORIES, ["分类编码", "颜色", "code"])
    codes = sorted(issue["code"] for issue in match.issues)
    assert codes == ["missing_column", "repeated_column", "unknown_column"]


def test_a_template_key_row_is_recognised() -> None:
    assert is_key_row(CATEGORIES, ["code", "name", None, "parent"])
    assert not is_key_row(CATEGORIES, ["01", "原料"])


def test_price_level_columns_are_headed_by_the_companys_names() -> None:
    kind = product_kind({1: "门店价"})
    assert kind.column("level_price_1").zh == "门店价"
    assert match_header(kind, ["商品编码", "商品名称", "基本单位", "零售价"]).issues == []


@pytest.mark.parametrize(
    ("value", "reference", "flagged"),
    [("12500", "12.5", True), ("0.01", "12.5", True), ("600", "12.5", False), ("13", None, False)],
)
def test_the_fifty_times_rule(value: str, reference: str | None, flagged: bool) -> None:
    basis = Decimal(reference) if reference else None
    assert implausible(Decimal(value), basis, DEFAULT_FACTOR) is flagged


def test_warnings_are_confirmed_for_the_file_or_by_row() -> None:
    warned = RowOutcome(2, "P1", Action.CREATE)
    warned.warn("list_price", "implausible_value")
    dry = DryRun("products", [warned, RowOutcome(3, "P2", Action.CREATE)])
    assert dry.unconfirmed(False) == [2]
    assert dry.unconfirmed(frozenset({2})) == []
    assert dry.unconfirmed(True) == []
    assert dry.counts["warning"] == 1
