"""The 首页 dashboard: figures from the dashboard query, charts, alerts that link to act."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from openjxc.domain.shared import clock
from tests.integration.web.conftest import Browser, texts

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
    match = re.search(r"id=\"chart-categories\"[^>]*data-chart='([^']+)'", page)
    assert match, "no category chart"
    option = json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    assert option["series"][0]["data"] == [{"name": "未分类", "value": "100.00"}]


def test_every_alert_links_to_the_place_to_act(browser: Browser) -> None:
    page = browser.get("/").text
    alerts = dict(re.findall(r'href="([^"]+)"[^>]*data-alert="([^"]+)"', page))
    places = {key: url.replace("&amp;", "&") for url, key in alerts.items()}
    assert places["below_safety_stock"] == "/reports/stock-alerts?level=below_safety"
    assert places["waiting_approval"] == "/documents?status=submitted"
    assert set(places) >= {"expiring_batches", "overdue_purchase_orders", "overdue_receivables"}
    for url in places.values():
        assert browser.get(url).status_code == 200, url


def test_without_trading_figures_the_trend_says_so_instead_of_drawing_zeros(
    browser: Browser,
) -> None:
    page = browser.get("/").text
    assert 'id="trend-empty"' in page and 'id="chart-trend"' not in page
    assert 'id="card-sales-month"' not in page


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
