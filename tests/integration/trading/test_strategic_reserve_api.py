"""战略储备: stock kept back per product × warehouse for strategic customers' orders."""

from __future__ import annotations

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, create, doctor, error, ok


def _world(trade: TestClient) -> None:
    ok(
        trade.post(
            "/api/v1/partners",
            json={"code": "VIP", "name": "重点客户", "kind": "customer", "strategic": True},
        ),
        201,
    )
    opening = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P1", "qty": "100", "unit_cost": "10"}],
            },
        ),
        201,
    )
    act(trade, opening["number"], "approve")
    setting = ok(
        trade.put(
            "/api/v1/products/P1/stock-settings",
            json={"warehouse": "W1", "safety_stock": "5", "strategic_reserve": "30"},
        )
    )
    assert setting["strategic_reserve"] == "30"


def _available(trade: TestClient) -> str:
    rows = ok(trade.get("/api/v1/stock/balances", params={"product": "P1"}))["data"]
    return rows[0]["available"]  # type: ignore[no-any-return]


def test_only_a_strategic_customers_order_may_reserve_into_the_reserve(
    trade: TestClient, system: System
) -> None:
    _world(trade)
    line = [{"product": "P1", "qty": "75", "price": "15"}]
    ordinary = create(trade, "sales_order", "C1", line)
    refused = error(trade.post(f"/api/v1/documents/{ordinary['number']}/approve"))
    assert refused["code"] == "insufficient_available"
    detail = refused["details"][0]
    # 100 on hand, 30 kept back: 70 may be promised to C1
    assert (detail["product"], detail["requested"], detail["available"]) == ("P1", "75", "70")
    assert detail["strategic_reserve"] == "30"
    assert not [key for key in detail if key.endswith("_id")]
    assert (
        detail["message"]
        == "吐司（P1）在仓库 主仓（W1）需要 75 个，可用 70 个（已扣除其他订单占用）"
    )
    assert ok(trade.get(f"/api/v1/documents/{ordinary['number']}"))["status"] == "draft"
    assert _available(trade) == "100"
    strategic = create(trade, "sales_order", "VIP", line)
    act(trade, strategic["number"], "approve")
    assert _available(trade) == "25"
    assert doctor(system) == []


def test_a_standalone_delivery_to_an_ordinary_customer_leaves_the_reserve(
    trade: TestClient,
) -> None:
    _world(trade)
    line = [{"product": "P1", "qty": "71", "price": "15"}]
    ordinary = create(trade, "sales_delivery", "C1", line)
    refused = error(trade.post(f"/api/v1/documents/{ordinary['number']}/approve"))
    assert refused["details"][0]["available"] == "70"
    assert refused["details"][0]["line_no"] == 1  # shown on the delivery's line
    assert _available(trade) == "100"
    act(trade, create(trade, "sales_delivery", "VIP", line)["number"], "approve")
    assert _available(trade) == "29"


def test_the_reserve_is_set_with_the_levels_and_never_negative(trade: TestClient) -> None:
    _world(trade)
    body = {"warehouse": "W1", "safety_stock": "6", "strategic_reserve": "30"}
    ok(trade.put("/api/v1/products/P1/stock-settings", json=body))
    rows = ok(trade.get("/api/v1/products/P1/stock-settings"))["data"]
    assert (rows[0]["safety_stock"], rows[0]["strategic_reserve"]) == ("6", "30")
    negative = error(
        trade.put(
            "/api/v1/products/P1/stock-settings",
            json={"warehouse": "W1", "strategic_reserve": "-1"},
        )
    )
    assert negative["code"] == "negative"
