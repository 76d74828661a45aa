"""Sale prices: customer > last (switch) > level > list; the minimum price; 含税 entry."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import login
from tests.integration.trading.conftest import act, create, error, ok


def _quote(client: TestClient, partner: str = "C3") -> tuple[str | None, str | None]:
    found = ok(client.get("/api/v1/prices/quote", params={"partner": partner, "product": "P1"}))
    return found["price"], found["source"]


def test_the_default_price_follows_customer_last_level_list(trade: TestClient) -> None:
    ok(
        trade.post(
            "/api/v1/partners",
            json={"code": "C3", "name": "批发客户", "kind": "customer", "price_level": 2},
        ),
        201,
    )
    assert _quote(trade) == ("15", "list")
    assert (
        trade.put(
            "/api/v1/prices/level", json={"product": "P1", "level": 2, "price": "13"}
        ).status_code
        == 204
    )
    assert _quote(trade) == ("13", "level")
    stock = ok(
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
    act(trade, stock["number"], "approve")
    sold = create(
        trade, "sales_delivery", "C3", [{"product": "P1", "qty": "1", "unit": "箱", "price": "336"}]
    )
    act(trade, sold["number"], "approve")
    assert _quote(trade) == ("14", "last")  # 336 per 箱 of 24
    ok(
        trade.put(
            "/api/v1/trade-settings",
            json={
                "prices_include_tax": False,
                "over_receipt_tolerance": "0",
                "use_last_price": False,
            },
        )
    )
    assert _quote(trade) == ("13", "level")
    assert (
        trade.put(
            "/api/v1/prices/customer", json={"partner": "C3", "product": "P1", "price": "12"}
        ).status_code
        == 204
    )
    assert _quote(trade) == ("12", "customer")
    order = create(trade, "sales_order", "C3", [{"product": "P1", "qty": "2", "unit": "箱"}])
    assert (order["lines"][0]["price"], order["lines"][0]["net_amount"]) == ("288", "576.00")
    assert _quote(trade, "C1") == ("15", "list")


def test_selling_below_the_minimum_price_needs_the_permission(trade: TestClient) -> None:
    ok(trade.patch("/api/v1/products/P1", json={"min_sale_price": "12"}))
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "2", "price": "11"}])
    ok(
        trade.post(
            "/api/v1/users",
            json={
                "username": "clerk",
                "display_name": "销售",
                "password": "Clerk-pass-1",
                "roles": ["sales"],
            },
        ),
        201,
    )
    clerk = login(trade, "clerk", "Clerk-pass-1")
    refused = error(trade.post(f"/api/v1/documents/{order['number']}/submit", headers=clerk))
    assert refused["code"] == "below_min_price"
    assert (refused["details"][0]["price"], refused["details"][0]["minimum"]) == ("11", "12")
    stock = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P1", "qty": "10", "unit_cost": "10"}],
            },
        ),
        201,
    )
    act(trade, stock["number"], "approve")
    act(trade, order["number"], "approve")  # the administrator may, and it is audited
    audit = ok(trade.get("/api/v1/audit", params={"action": "document.below_min_price"}))["data"]
    assert audit[0]["entity_id"] == order["number"]


def test_a_discount_cannot_slip_a_sale_under_the_minimum_price(trade: TestClient) -> None:
    ok(trade.patch("/api/v1/products/P1", json={"min_sale_price": "12"}))
    ok(
        trade.post(
            "/api/v1/users",
            json={
                "username": "clerk",
                "display_name": "销售",
                "password": "Clerk-pass-1",
                "roles": ["sales"],
            },
        ),
        201,
    )
    clerk = login(trade, "clerk", "Clerk-pass-1")
    # 2 × 15 = 30.00 less 10% = 27.00, less 整单优惠 3.51 (27.00 + 3.51 tax → 27.00 total)
    # → 23.89 ex tax: 11.945 a unit, under the minimum of 12
    line = {"product": "P1", "qty": "2", "price": "15", "line_discount_rate": "0.1"}
    order = create(trade, "sales_order", "C1", [line], order_discount="3.51")
    refused = error(trade.post(f"/api/v1/documents/{order['number']}/submit", headers=clerk))
    assert refused["code"] == "below_min_price"
    assert refused["details"][0]["price"] == "11.945"
    fine = create(trade, "sales_order", "C1", [line])  # 13.50 a unit after the line discount
    ok(trade.post(f"/api/v1/documents/{fine['number']}/submit", headers=clerk))


def test_tax_inclusive_prices_fix_the_line_total(trade: TestClient) -> None:
    ok(
        trade.put(
            "/api/v1/trade-settings",
            json={"prices_include_tax": True, "over_receipt_tolerance": "0"},
        )
    )
    order = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "3", "price": "11.30"}])
    line = order["lines"][0]
    assert (line["price"], line["net_amount"], line["tax"]) == ("10", "30.00", "3.90")
    assert order["total"] == "33.90"


def test_a_negative_level_or_customer_price_is_refused(trade: TestClient) -> None:
    level = trade.put("/api/v1/prices/level", json={"product": "P1", "level": 2, "price": "-1"})
    assert level.status_code == 422
    assert level.json()["error"]["code"] == "negative"
    customer = trade.put(
        "/api/v1/prices/customer", json={"partner": "C1", "product": "P1", "price": "-0.01"}
    )
    assert customer.status_code == 422
    assert customer.json()["error"]["code"] == "negative"
    assert _quote(trade, "C1") == ("15", "list")  # nothing was set


def test_a_warehouse_keeper_gets_no_quoted_sale_price(trade: TestClient) -> None:
    for name, role in (("keeper", "warehouse"), ("viewer", "viewer"), ("seller", "sales")):
        user = {"username": name, "display_name": name, "password": "Pass-word-1", "roles": [role]}
        ok(trade.post("/api/v1/users", json=user), 201)
    params = {"partner": "C1", "product": "P1"}
    for name in ("keeper", "viewer"):
        refused = trade.get(
            "/api/v1/prices/quote", params=params, headers=login(trade, name, "Pass-word-1")
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
        assert "15" not in refused.text
    seller = login(trade, "seller", "Pass-word-1")  # who sells at the price sees it
    assert ok(trade.get("/api/v1/prices/quote", params=params, headers=seller)) == {
        "price": "15",
        "source": "list",
    }


def test_price_levels_have_names_that_the_api_reads_and_renames(trade: TestClient) -> None:
    levels = ok(trade.get("/api/v1/price-levels"))
    assert levels["count"] == 10
    assert [r["name"] for r in levels["data"][:3]] == ["零售价", "批发价", "会员价"]
    renamed = ok(trade.put("/api/v1/price-levels", json=[{"level": 2, "name": " 二批价 "}]))
    assert renamed["data"][1] == {"level": 2, "name": "二批价"}
    assert renamed["data"][0]["name"] == "零售价"  # levels left out keep their names
    ok(
        trade.post(
            "/api/v1/partners",
            json={"code": "C3", "name": "批发客户", "kind": "customer", "price_level": 2},
        ),
        201,
    )
    assert ok(trade.get("/api/v1/partners/C3"))["price_level_name"] == "二批价"


def test_a_duplicate_level_name_is_refused_and_nothing_changes(trade: TestClient) -> None:
    refused = error(trade.put("/api/v1/price-levels", json=[{"level": 3, "name": "零售价"}]))
    assert (refused["code"], refused["details"][0]["field"]) == (
        "duplicate",
        "price_level_names.2",
    )
    assert ok(trade.get("/api/v1/price-levels"))["data"][2]["name"] == "会员价"
    assert trade.put("/api/v1/price-levels", json=[{"level": 11, "name": "x"}]).status_code == 422
