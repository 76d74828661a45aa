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
    assert option["series"][0]["name"] == "单据数"
    assert option["series"][0]["data"] == ["2", "4"]
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


def test_a_grouped_report_ranks_its_largest_rows_by_its_headline_figure() -> None:
    valuation = REPORTS["valuation"]
    columns = [c for c in valuation.columns if c.dim in (None, "category")]
    rows = [
        {"category": "01", "category_name": "饮料", "value": Decimal("30.00")},
        {"category": "02", "category_name": "零食", "value": Decimal("120.50")},
        {"category": "03", "category_name": "日用", "value": Decimal("0.00")},  # nothing to rank
        {"category": "04", "category_name": "粮油", "value": Decimal("75.00")},
    ]
    option = chart(valuation, columns, rows, None, "zh-CN")
    assert option is not None
    # largest on top: ECharts draws a category axis from the bottom up
    assert option["yAxis"]["data"] == ["饮料", "粮油", "零食"]
    assert option["series"][0]["data"] == ["30.00", "75.00", "120.50"]
    assert option["series"][0]["name"] == "结存金额"


def test_a_ranking_needs_two_rows_and_the_figure_on_screen() -> None:
    statistics = REPORTS["sales-statistics"]
    columns = [c for c in statistics.columns if c.dim in (None, "product")]
    one = [{"product": "W1", "product_name": "水", "net_amount": Decimal("5")}]
    assert chart(statistics, columns, one, None, "zh-CN") is None
    two = [*one, {"product": "W2", "product_name": "茶", "net_amount": Decimal("9")}]
    option = chart(statistics, columns, two, None, "en")
    assert option is not None
    assert option["yAxis"]["data"] == ["水", "茶"]
    hidden = [c for c in columns if c.key != "net_amount"]  # a cost hidden from the caller
    assert chart(statistics, hidden, two, None, "zh-CN") is None
