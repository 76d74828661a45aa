"""The 首页 dashboard: figures from the dashboard query, charts, alerts that link to act."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.shared import clock
from tests.integration.web.conftest import Browser, texts
from tests.integration.web.print_world import trade_documents

pytestmark = pytest.mark.usefixtures("shop")


def _receive_today(browser: Browser, qty: str, cost: str) -> None:
    form = [
        ("type", "other_receipt"),
        ("date", clock.today().isoformat()),
        ("warehouse", "CW"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", qty),
        ("line_cost", cost),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]
    assert browser.post("/documents/new", form).status_code == 200


def test_the_dashboard_shows_this_months_stock_figures(browser: Browser) -> None:
    _receive_today(browser, "40", "2.5")
    page = browser.get("/").text
    assert texts(page, "card-inbound-month") == "¥100.00"
    assert texts(page, "card-outbound-month") == "¥0.00"
    assert texts(page, "card-stock-value") == "¥100.00"


def test_stock_value_by_category_is_a_chart_of_the_valuation(browser: Browser) -> None:
    _receive_today(browser, "40", "2.5")
    page = browser.get("/").text
    option = _chart(page, "chart-categories")
    assert option["series"][0]["data"] == [{"name": "未分类", "value": "100.00"}]


def test_every_alert_links_to_the_place_to_act(browser: Browser) -> None:
    page = browser.get("/").text
    alerts = dict(re.findall(r'href="([^"]+)"[^>]*data-alert="([^"]+)"', page))
    places = {key: url.replace("&amp;", "&") for url, key in alerts.items()}
    assert places["below_safety_stock"] == "/reports/stock-alerts?level=below_safety"
    assert places["waiting_approval"] == "/approvals"
    assert set(places) >= {"expiring_batches", "overdue_purchase_orders", "overdue_receivables"}
    for url in places.values():
        assert browser.get(url).status_code == 200, url


def _chart(page: str, element_id: str) -> dict[str, object]:
    match = re.search(rf"id=\"{element_id}\"[^>]*data-chart='([^']+)'", page)
    assert match, f"no #{element_id}"
    return json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"'))  # type: ignore[no-any-return]


def test_a_sale_today_shows_in_the_cards_and_ends_the_trend(
    browser: Browser, system: System
) -> None:
    trade_documents(system, clock.today())  # 3 瓶 at 15 + 13 % VAT to 绿洲超市
    page = browser.get("/").text
    assert texts(page, "card-sales-today") == "¥45.00"
    assert texts(page, "card-sales-month") == "¥45.00"
    assert texts(page, "card-margin-month") == "¥15.00"  # 45.00 − 3 × 10.00
    trend = _chart(page, "chart-trend")
    series = trend["series"][0]  # type: ignore[index]
    assert series["name"] == "销售额"
    assert series["data"][-1] == "45.00"
    assert len(series["data"]) == 30
    margin = trend["series"][1]  # type: ignore[index]
    assert margin["name"] == "毛利"
    assert margin["data"][-1] == "15.00"
    top = _chart(page, "chart-top-sellers")
    assert top["series"][0]["data"] == ["45.00"]  # type: ignore[index]
    assert len(top["yAxis"]["data"]) == 1  # type: ignore[index]


def test_before_the_first_sale_the_trend_says_so_instead_of_drawing_zeros(
    browser: Browser,
) -> None:
    page = browser.get("/").text
    assert 'id="trend-empty"' in page
    assert 'id="chart-trend"' not in page
    assert texts(page, "card-sales-month") == "¥0.00"


def test_a_keeper_without_price_read_sees_no_amounts_and_no_value_chart(
    browser: Browser, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    _receive_today(browser, "40", "2.5")
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    page = keeper.get("/").text
    assert texts(page, "card-inbound-month") == "—"
    assert 'id="chart-categories"' not in page
    assert 'data-alert="below_safety_stock"' in page
