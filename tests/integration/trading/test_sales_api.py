"""Order to cash over the API: reservation, partial deliveries at cost, margin, returns, credit."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.conftest import login
from tests.integration.trading.conftest import act, balance, create, doctor, entries, error, ok


def _stocked(trade: TestClient) -> None:
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


def _p1(trade: TestClient) -> dict[str, Any]:
    return ok(trade.get("/api/v1/stock/balances", params={"product": "P1"}))["data"][0]  # type: ignore[no-any-return]


def _order(trade: TestClient, qty: str = "30", partner: str = "C1") -> dict[str, Any]:
    return create(trade, "sales_order", partner, [{"product": "P1", "qty": qty, "price": "15"}])  # type: ignore[no-any-return]


def test_an_approved_order_reserves_and_deliveries_consume_it(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    order = _order(trade)
    act(trade, order["number"], "approve")
    p1 = _p1(trade)
    assert (p1["on_hand"], p1["reserved"], p1["available"]) == ("100", "30", "70")
    first = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "10"}]
    )
    delivered = act(trade, first["number"], "approve")
    assert delivered["due_date"] == "2026-10-25"  # 15 days' terms
    line = delivered["lines"][0]
    # sold 10 × 15 = 150.00 ex tax, cost 10 × 10 = 100.00
    assert (line["net_amount"], line["tax"], line["posted_value"], line["margin"]) == (
        "150.00",
        "19.50",
        "100.00",
        "50.00",
    )
    assert balance(trade, "C1", "receivable") == "169.50"
    p1 = _p1(trade)
    assert (p1["on_hand"], p1["reserved"], p1["available"]) == ("90", "20", "70")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "partial"
    rest = create(trade, "sales_delivery", "C1", from_documents=[order["number"]])
    assert rest["lines"][0]["qty"] == "20"
    act(trade, rest["number"], "approve")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "completed"
    assert (_p1(trade)["on_hand"], _p1(trade)["reserved"]) == ("70", "0")
    # 反审核 of the last delivery puts the reservation back
    act(trade, rest["number"], "unapprove")
    assert (_p1(trade)["on_hand"], _p1(trade)["reserved"]) == ("90", "20")
    assert doctor(system) == []


def test_delivering_more_than_ordered_is_refused(trade: TestClient) -> None:
    _stocked(trade)
    order = _order(trade)
    act(trade, order["number"], "approve")
    refused = error(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "sales_delivery",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"source_line": order["lines"][0]["id"], "qty": "31"}],
            },
        )
    )
    assert refused["code"] == "over_delivery"
    assert refused["details"][0]["allowed"] == "30"


def test_an_order_beyond_available_stock_is_not_approved(trade: TestClient, system: System) -> None:
    _stocked(trade)
    act(trade, _order(trade, "80")["number"], "approve")
    second = _order(trade, "21")
    refused = error(trade.post(f"/api/v1/documents/{second['number']}/approve"))
    assert refused["code"] == "insufficient_available"
    detail = refused["details"][0]
    assert (detail["product"], detail["warehouse"], detail["available"]) == ("P1", "W1", "20")
    assert "{" not in detail["message"]
    assert "W1" in detail["message"]
    assert ok(trade.get(f"/api/v1/documents/{second['number']}"))["status"] == "draft"
    assert _p1(trade)["reserved"] == "80"
    assert doctor(system) == []


def test_a_standalone_delivery_cannot_take_stock_reserved_for_an_order(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    act(trade, _order(trade, "90")["number"], "approve")
    loose = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "11", "price": "15"}])
    refused = error(trade.post(f"/api/v1/documents/{loose['number']}/approve"))
    assert refused["code"] == "insufficient_available"
    assert refused["details"][0]["available"] == "10"
    assert (_p1(trade)["on_hand"], _p1(trade)["reserved"]) == ("100", "90")
    assert balance(trade, "C1", "receivable") == "0.00"
    assert doctor(system) == []


def test_closing_or_unapproving_an_order_releases_its_reservation(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    order = _order(trade)
    act(trade, order["number"], "approve")
    act(trade, order["number"], "unapprove")
    assert _p1(trade)["reserved"] == "0"
    act(trade, order["number"], "approve")
    part = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "5"}]
    )
    act(trade, part["number"], "approve")
    assert _p1(trade)["reserved"] == "25"
    assert act(trade, order["number"], "close")["status"] == "closed"
    assert _p1(trade)["reserved"] == "0"
    assert doctor(system) == []


def test_a_sales_return_comes_back_at_the_cost_it_left_with(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    delivery = create(
        trade, "sales_delivery", "C1", [{"product": "P1", "qty": "10", "price": "15"}]
    )
    act(trade, delivery["number"], "approve")  # cost 100.00
    receipt = create(
        trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "90", "price": "12"}]
    )
    act(trade, receipt["number"], "approve")  # 90 @ 10 + 90 @ 12: average 11
    ret = create(
        trade, "sales_return", "C1", [{"source_line": delivery["lines"][0]["id"], "qty": "4"}]
    )
    approved = act(trade, ret["number"], "approve")
    assert approved["lines"][0]["posted_value"] == "40.00"  # at 10, as it left
    assert (_p1(trade)["on_hand"], _p1(trade)["value"]) == ("184", "2020.00")  # 900 + 1080 + 40
    # AR: 169.50 - 4 × 15 × 1.13 = 169.50 - 67.80, the credit settled against the delivery
    assert balance(trade, "C1", "receivable") == "101.70"
    assert [(e["number"], e["open"]) for e in entries(trade, "C1")] == [
        (delivery["number"], "101.70"),
        (ret["number"], "0.00"),
    ]
    refused = error(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "sales_return",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"source_line": delivery["lines"][0]["id"], "qty": "7"}],
            },
        )
    )
    assert refused["code"] == "return_exceeds_source"
    assert (
        ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["lines"][0]["returned_qty"] == "4"
    )
    assert doctor(system) == []


def test_a_return_dated_before_its_delivery_is_refused(trade: TestClient, system: System) -> None:
    _stocked(trade)
    delivery = create(
        trade, "sales_delivery", "C1", [{"product": "P1", "qty": "10", "price": "15"}]
    )
    act(trade, delivery["number"], "approve")
    line = delivery["lines"][0]["id"]
    body = {"type": "sales_return", "warehouse": "W1", "partner": "C1"}
    refused = error(
        trade.post(
            "/api/v1/documents",
            json={**body, "date": "2026-10-09", "lines": [{"source_line": line, "qty": "1"}]},
        )
    )
    assert refused["code"] == "dated_before_source"
    assert refused["message"] == "单据日期 2026-10-09 早于上游单据 {} 的日期 2026-10-10".format(
        delivery["number"]
    )
    assert ok(trade.get("/api/v1/documents", params={"type": "sales_return"}))["data"] == []
    # the same day is fine; moving the draft before the delivery afterwards is refused too
    ret = create(trade, "sales_return", "C1", [{"source_line": line, "qty": "1"}])
    earlier = {**body, "date": "2026-10-01", "lines": [{"source_line": line, "qty": "1"}]}
    moved = error(trade.patch(f"/api/v1/documents/{ret['number']}", json=earlier))
    assert moved["code"] == "dated_before_source"
    assert ok(trade.get(f"/api/v1/documents/{ret['number']}"))["date"] == "2026-10-10"


def test_the_credit_limit_refuses_unless_overridden(trade: TestClient, system: System) -> None:
    ok(
        trade.post(
            "/api/v1/partners",
            json={"code": "C2", "name": "赊账客户", "kind": "customer", "credit_limit": "1000"},
        ),
        201,
    )
    ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "C2", "account": "receivable", "amount": "500", "date": "2026-10-01"},
        ),
        201,
    )
    _stocked(trade)
    first = _order(trade, "20", partner="C2")  # 20 × 15 × 1.13 = 339.00
    act(trade, first["number"], "approve")
    second = _order(trade, "10", partner="C2")  # 169.50: 500 + 339 + 169.50 > 1000
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
    refused = error(trade.post(f"/api/v1/documents/{second['number']}/submit", headers=clerk))
    assert refused["code"] == "credit_limit_exceeded"
    assert refused["message"] == (
        "客户 赊账客户（C2）超出信用额度 8.50 元："
        "应收 500.00 + 未发货订单 339.00 + 本单 169.50 = 1008.50，额度 1000.00"
    )
    [figures] = refused["details"]  # for programs: every figure, named
    assert figures["code"] == "credit_figures"
    assert (figures["document"], figures["partner"], figures["partner_name"]) == (
        second["number"],
        "C2",
        "赊账客户",
    )
    named = ("limit", "open_ar", "open_orders", "this_order", "exposure", "excess")
    assert [figures[k] for k in named] == [
        "1000.00",
        "500.00",
        "339.00",
        "169.50",
        "1008.50",
        "8.50",
    ]
    # the administrator holds the override: approved, and the audit log says so
    act(trade, second["number"], "approve")
    audit = ok(trade.get("/api/v1/audit", params={"action": "document.credit_override"}))["data"]
    assert audit[0]["entity_id"] == second["number"]
    assert audit[0]["after"]["open_ar"] == "500.00"
    assert doctor(system) == []


def test_the_salesperson_named_on_an_order_follows_it_into_the_statistics(
    trade: TestClient, system: System
) -> None:
    from openjxc.domain.access.actor import Actor
    from openjxc.services import users

    _stocked(trade)
    users.create_user(
        users.UserData("seller", "业务员甲", "Seller-pass-1", roles=("sales",)),
        Actor.system(),
        system.uow(),
    )
    line = [{"product": "P1", "qty": "2", "price": "15"}]
    unknown = trade.post(
        "/api/v1/documents",
        json={"type": "sales_order", "date": "2026-10-10", "warehouse": "W1", "partner": "C1",
              "salesperson": "nobody", "lines": line},
    )  # fmt: skip
    assert error(unknown)["code"] == "unknown_reference"
    order = create(trade, "sales_order", "C1", line, salesperson="seller")  # entered by admin
    assert (order["created_by"], order["salesperson"]) == ("admin", "seller")
    act(trade, order["number"], "approve")
    delivery = create(trade, "sales_delivery", "C1", from_documents=[order["number"]])
    assert delivery["salesperson"] == "seller"  # copied from the order
    act(trade, delivery["number"], "approve")
    own = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    assert own["salesperson"] is None  # none named: counted for its creator
    act(trade, own["number"], "approve")
    stats = ok(
        trade.get(
            "/api/v1/reports/sales-statistics",
            params={"from": "2026-10-01", "to": "2026-10-31", "by": "salesperson"},
        )
    )["data"]
    assert sorted((r["salesperson"], r["qty"], r["net_amount"]) for r in stats) == [
        ("admin", "1", "15.00"),
        ("seller", "2", "30.00"),
    ]
