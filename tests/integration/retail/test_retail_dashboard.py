"""The dashboard with retail: 零售 in today's and per-store sales, and the 异常单 count.

Figures (see test_retail_reports): on 2026-10-10 a delivery nets 40.00 (margin 16.00) and the
retail sale less its return nets 30.00 (margin 15.00): today's sales 70.00, margin 31.00, all
in store S1.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from openjxc.domain.shared import clock
from tests.integration.retail.conftest import line, ok, sale, send, user_headers

TODAY = date(2026, 10, 10)


@pytest.fixture
def on_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def test_todays_sales_and_the_store_include_retail(mixed: TestClient, on_the_day: None) -> None:
    board = ok(mixed.get("/api/v1/dashboard"))
    today = board["periods"]["today"]
    assert (today["sales"], today["gross_margin"]) == ("70.00", "31.00")
    stores = {s["organisation"]: s["periods"]["today"] for s in board["stores"]}
    assert stores["S1"]["sales"] == "70.00"
    assert board["sales_trend"][-1]["sales"] == "70.00"
    assert {t["product"]: t["sales"] for t in board["top_sellers"]} == {
        "P2": "40.00",
        "P1": "30.00",
    }


def test_the_exception_count_is_for_the_callers_stores_with_retail_manage(
    till: TestClient, shop: TestClient, on_the_day: None
) -> None:
    assert ok(shop.get("/api/v1/dashboard"))["alerts"]["retail_exceptions"] == 0
    unknown = sale("T1-0009", line("NOPE", "1", "1"), payments=[{"method": "cash", "amount": "1"}])
    assert send(till, unknown)["T1-0009"]["status"] == "exception"
    assert ok(shop.get("/api/v1/dashboard"))["alerts"]["retail_exceptions"] == 1
    mine = user_headers(shop, "mgr1", ["store_manager"], ["S1"])
    other = user_headers(shop, "mgr2", ["store_manager"], ["S2"])
    viewer = user_headers(shop, "viewer1", ["viewer"])
    assert ok(shop.get("/api/v1/dashboard", headers=mine))["alerts"]["retail_exceptions"] == 1
    assert ok(shop.get("/api/v1/dashboard", headers=other))["alerts"]["retail_exceptions"] == 0
    assert ok(shop.get("/api/v1/dashboard", headers=viewer))["alerts"]["retail_exceptions"] is None
