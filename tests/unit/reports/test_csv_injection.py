"""The one CSV writer neutralises formula-leading text, never numbers (issue #16 §6)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from openjxc.domain.shared.formula_cells import neutralised, restored
from openjxc.queries.reports import export
from openjxc.queries.reports.framework import Column, Kind

COLUMNS = (Column("name", "名称", "Name"), Column("amount", "金额", "Amount", Kind.MONEY))


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "  =1", "\t=1", "\r=1", "\n1"],
)
def test_formula_leading_text_gets_an_apostrophe_and_comes_back(text: str) -> None:
    assert neutralised(text) == "'" + text
    assert restored(neutralised(text)) == text


@pytest.mark.parametrize("text", ["普通", "a=1", "1-2", "'quoted", "", "x"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert neutralised(text) == text
    assert restored(text) == text


def test_every_csv_text_cell_is_neutralised_and_numbers_stay_numbers() -> None:
    rows = [
        {"name": '=HYPERLINK("http://x","y")', "amount": Decimal("-5")},
        {"name": "-5.00", "amount": Decimal("12.5")},
        {"name": "@x", "amount": None},
    ]
    content = b"".join(export.csv_chunks(COLUMNS, rows, "zh-CN")).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content))) == [
        ["名称", "金额"],
        ['\'=HYPERLINK("http://x","y")', "-5.00"],
        ["'-5.00", "12.50"],
        ["'@x", ""],
    ]
