"""The generic report screen: every framework report, filters, sorting, totals, export."""

from __future__ import annotations

import re

import pytest

from openjxc.entrypoints.web.labels import REPORT_SUMMARIES
from openjxc.queries.reports import REPORTS
from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


def _receive(browser: Browser, qty: str, cost: str, warehouse: str = "CW") -> None:
    form = [
        ("type", "other_receipt"),
        ("date", "2026-11-20"),
        ("warehouse", warehouse),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", qty),
        ("line_cost", cost),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]
    assert browser.post("/documents/new", form).status_code == 200


def test_the_report_index_lists_every_report_of_the_framework(browser: Browser) -> None:
    page = browser.get("/reports").text
    for report in REPORTS.values():
        assert f'data-report="{report.name}"' in page
        assert report.zh in page
        assert report.en not in page  # no English in the Chinese index
    assert 'href="/reports"' in page  # the menu's 报表 section
    assert "一个商品的每一笔出入库及结存" in page  # each report says what it shows
    assert set(REPORT_SUMMARIES) == set(REPORTS)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_opens_with_its_filters_and_headers(browser: Browser, name: str) -> None:
    response = browser.get(f"/reports/{name}")
    assert response.status_code == 200, response.text
    report = REPORTS[name]
    if 'id="report-error"' in response.text:  # a required filter (the ledger's product)
        assert texts(response.text, "report-error")
    else:
        assert 'id="report-table"' in response.text
        assert report.columns[0].zh in response.text or report.columns[1].zh in response.text
    for filter_name in report.filters:
        assert f'name="{filter_name}"' in response.text


def test_the_summary_shows_rows_and_a_totals_row_from_the_ledger(browser: Browser) -> None:
    _receive(browser, "10", "2.5")
    _receive(browser, "4", "2.5", warehouse="SW")
    url = "/reports/stock-summary?from=2026-11-01&to=2026-11-30&by=product&by=warehouse"
    page = browser.get(url).text
    assert texts(page, "report-count") == "2 行"
    totals = page[page.index('id="report-totals"') : page.index("</tfoot>")]
    assert ">合计<" in totals
    assert ">14<" in totals
    assert ">35.00<" in totals
    table = page[page.index('id="report-table"') :]
    assert "中央仓" in table
    assert "门店仓" in table


def test_a_header_sorts_and_a_second_click_reverses(browser: Browser) -> None:
    _receive(browser, "10", "2.5")
    _receive(browser, "4", "2.5", warehouse="SW")
    base = "/reports/stock-summary?from=2026-11-01&to=2026-11-30&by=warehouse"
    ascending = browser.get(base + "&sort=closing_qty").text
    assert "sort=-closing_qty" in ascending  # the header now offers the reverse order
    assert ascending.index("门店仓") < ascending.index("中央仓", ascending.index("<tbody"))
    descending = browser.get(base + "&sort=-closing_qty").text
    body = descending[descending.index("<tbody") :]
    assert body.index("中央仓") < body.index("门店仓")


def test_an_htmx_request_gets_only_the_result(browser: Browser) -> None:
    response = browser.htmx("/reports/stock-summary")
    assert 'id="report-table"' in response.text
    assert "<html" not in response.text
    assert 'id="report-filters"' not in response.text


def test_a_bad_filter_is_explained_on_the_page(browser: Browser) -> None:
    response = browser.get("/reports/stock-summary?from=2026-12-01&to=2026-11-01")
    assert response.status_code == 400
    assert texts(response.text, "report-error")
    assert 'id="report-filters"' in response.text


def test_an_unknown_report_is_not_found(browser: Browser) -> None:
    assert browser.get("/reports/no-such-report").status_code == 404


def test_exports_carry_the_screen_filters(browser: Browser) -> None:
    _receive(browser, "10", "2.5")
    page = browser.get("/reports/stock-summary?from=2026-11-01&to=2026-11-30").text
    link = re.search(r'id="export-csv" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    csv = browser.get(link.replace("&amp;", "&"))
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("商品编码")
    assert "W1" in text
    xlsx = browser.get("/reports/stock-summary/export?format=xlsx&from=2026-11-01")
    assert xlsx.content[:2] == b"PK"


def test_a_wide_report_folds_its_empty_columns_until_asked(browser: Browser) -> None:
    _receive(browser, "10", "2.5")
    url = "/reports/stock-summary?from=2026-11-01&to=2026-11-30"
    folded = browser.get(url).text
    assert 'id="show-all-columns"' in folded
    assert 'data-key="in_qty"' in folded
    assert 'data-key="out_qty"' not in folded
    assert 'data-key="opening_qty"' in folded  # zero, but the summary reads from it
    full = browser.get(url + "&all_columns=1").text
    assert 'data-key="out_qty"' in full
    assert 'id="show-all-columns"' not in full


def test_the_form_shows_the_dates_the_report_ran_with(browser: Browser) -> None:
    page = browser.get("/reports/stock-summary?to=2026-11-30").text
    assert 'name="from" value="2026-11-01"' in page


def test_the_valuation_by_warehouse_ranks_the_warehouses_in_a_chart(browser: Browser) -> None:
    _receive(browser, "10", "2")
    _receive(browser, "4", "2", warehouse="SW")
    page = browser.get("/reports/valuation?by=warehouse").text
    found = re.search(r"id=\"report-chart\"[^>]*data-chart='([^']+)'", page)
    assert found, "no chart"
    option = found.group(1).replace("&#34;", '"').replace("&quot;", '"')
    assert '"data": ["门店仓", "中央仓"]' in option
    assert '"data": ["8.00", "20.00"]' in option
