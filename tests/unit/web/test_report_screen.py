"""The generic report screen's own logic: filter widgets, checked values, charts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.web.report_screen import chart, raw_filters, widgets
from openjxc.queries.reports import REPORTS
from openjxc.queries.reports.accuracy import ACCURACY
from openjxc.queries.reports.framework import Column, Kind, Report

SLOW = REPORTS["slow-moving"]


def test_every_filter_of_a_report_gets_a_widget_and_new_ones_a_text_box() -> None:
    report = Report("x", "x", "x", (), lambda c: select(), (), filters=("from", "by", "salesman"))
    kinds = [(w.name, w.kind) for w in widgets(report)]
    assert kinds == [("from", "date"), ("by", "by"), ("salesman", "text")]
    by = widgets(report)[1]
    assert [key for key, _ in by.choices][:3] == ["product", "warehouse", "category"]


def test_raw_filters_keep_only_what_the_report_reads_and_check_numbers() -> None:
    query = {"days": "90", "threshold": "0.5", "from": "2026-11-01", "level": "x"}
    assert raw_filters(SLOW, query, ["warehouse", "nonsense"]) == {
        "days": 90,
        "threshold": "0.5",
        "by": "warehouse",
    }
    with pytest.raises(ValidationError):
        raw_filters(SLOW, {"days": "0"}, [])
    with pytest.raises(ValidationError):
        raw_filters(REPORTS["stock-alerts"], {"level": "everything"}, [])


def test_a_report_with_months_draws_a_trend_summed_per_month() -> None:
    rows = [
        {"month": "2026-10", "documents": 2, "accuracy": Decimal("0.5")},
        {"month": "2026-11", "documents": 3, "accuracy": Decimal("0.9")},
        {"month": "2026-11", "documents": 1, "accuracy": Decimal("0.1")},
    ]
    option = chart(ACCURACY, ACCURACY.columns, rows, None, "zh-CN")
    assert option is not None
    assert option["xAxis"]["data"] == ["2026-10", "2026-11"]
    assert option["series"][0]["name"] == "单据数" and option["series"][0]["data"] == ["2", "4"]
    # a ratio summed over warehouses would mean nothing: no series for it
    assert "账实一致率" not in [s["name"] for s in option["series"]]


def test_a_report_without_a_period_draws_nothing() -> None:
    summary = REPORTS["stock-summary"]
    assert chart(summary, summary.columns, [{"product": "W1"}], None, "zh-CN") is None


def test_an_aging_report_draws_its_bucket_totals_as_bars() -> None:
    columns = (
        Column("partner", "客户", "Partner"),
        Column("d0_30", "0-30天", "0-30 days", Kind.MONEY, total=True),
        Column("d31_60", "31-60天", "31-60 days", Kind.MONEY, total=True),
        Column("net", "合计", "Net", Kind.MONEY, total=True),
    )
    aging = Report("receivable-aging", "应收账龄", "Aging", columns, lambda c: select(), ())
    totals = {"d0_30": Decimal("100.00"), "d31_60": Decimal("5.50"), "net": Decimal("105.50")}
    option = chart(aging, columns, [], totals, "zh-CN")
    assert option is not None
    assert option["xAxis"]["data"] == ["0-30天", "31-60天"]
    assert option["series"][0]["data"] == ["100.00", "5.50"]
