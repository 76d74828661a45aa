"""红冲 of trading documents: in a closed month, a red-letter document takes back the stock
at the value it moved with and the AR/AP in full, settled against the original."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, balance, create, doctor, entries, error, ok
from tests.integration.trading.test_approvals_api import _user


def _p1(trade: TestClient) -> tuple[str, str, str]:
    row = ok(trade.get("/api/v1/stock/balances", params={"product": "P1"}))["data"][0]
    return row["on_hand"], row["value"], row["reserved"]


def _sold(trade: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
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
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "30", "price": "15"}])
    act(trade, order["number"], "approve")
    delivery = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "10"}]
    )
    act(trade, delivery["number"], "approve")  # 169.50 AR, 100.00 cost
    assert _p1(trade) == ("90", "900.00", "20")
    return order, delivery


def _red(trade: TestClient, number: str, day: str = "2026-11-05") -> Any:
    return trade.post(f"/api/v1/documents/{number}/red-reverse", json={"date": day})


def test_a_delivery_in_a_closed_month_is_red_reversed_in_full(
    trade: TestClient, system: System
) -> None:
    order, delivery = _sold(trade)
    assert trade.post("/api/v1/periods/2026-10/close").status_code == 204
    red = ok(_red(trade, delivery["number"]), 201)
    assert (red["number"], red["red_letter"], red["date"]) == (
        "XSCK20261105001",
        True,
        "2026-11-05",
    )
    assert red["source_document"] == delivery["number"]
    original = ok(trade.get(f"/api/v1/documents/{delivery['number']}"))
    assert (original["status"], original["lines"][0]["returned_qty"]) == ("reversed", "0")
    # the goods are back at the 100.00 they left with; the order waits for them again
    assert _p1(trade) == ("100", "1000.00", "30")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "approved"
    assert balance(trade, "C1", "receivable") == "0.00"
    assert [(e["number"], e["amount"], e["open"]) for e in entries(trade, "C1")] == [
        (delivery["number"], "169.50", "0.00"),
        (red["number"], "-169.50", "0.00"),
    ]
    assert error(_red(trade, delivery["number"]))["code"] == "invalid_transition"
    assert doctor(system) == []


def test_a_sales_return_is_red_reversed_and_its_delivery_is_owed_again(
    trade: TestClient, system: System
) -> None:
    _, delivery = _sold(trade)
    ret = create(
        trade, "sales_return", "C1", [{"source_line": delivery["lines"][0]["id"], "qty": "4"}]
    )
    act(trade, ret["number"], "approve")  # -67.80, settled against the delivery
    assert balance(trade, "C1", "receivable") == "101.70"
    red = ok(_red(trade, ret["number"]), 201)
    assert balance(trade, "C1", "receivable") == "169.50"
    assert _p1(trade)[:2] == ("90", "900.00")
    open_ = {e["number"]: e["open"] for e in entries(trade, "C1")}
    assert open_ == {delivery["number"]: "169.50", ret["number"]: "0.00", red["number"]: "0.00"}
    assert doctor(system) == []


def test_red_reversal_is_refused_for_orders_settled_or_returned_documents(
    trade: TestClient, system: System
) -> None:
    order, delivery = _sold(trade)
    refused = error(_red(trade, order["number"]))
    assert refused["code"] == "red_reverse_order"
    ret = create(
        trade, "sales_return", "C1", [{"source_line": delivery["lines"][0]["id"], "qty": "1"}]
    )
    act(trade, ret["number"], "approve")
    assert error(_red(trade, delivery["number"]))["code"] == "document_has_dependants"
    act(trade, ret["number"], "unapprove")
    money = ok(
        trade.post(
            "/api/v1/payments",
            json={
                "type": "customer_receipt",
                "date": "2026-10-12",
                "partner": "C1",
                "amount": "50",
            },
        ),
        201,
    )
    ok(trade.post(f"/api/v1/payments/{money['number']}/approve", json={"mode": "auto"}))
    assert error(_red(trade, delivery["number"]))["code"] == "document_settled"
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "approved"
    assert _p1(trade) == ("90", "900.00", "20")
    assert balance(trade, "C1", "receivable") == "119.50"
    assert doctor(system) == []


def test_a_fifo_purchase_receipt_is_red_reversed_with_its_layer_and_payable(
    trade: TestClient, system: System
) -> None:
    receipt = create(
        trade,
        "purchase_receipt",
        "S1",
        [{"product": "P2", "qty": "5", "price": "100", "line_discount": "50"}],
    )
    act(trade, receipt["number"], "approve")  # 450.00 + 9% 40.50 = 490.50 payable
    assert balance(trade, "S1", "payable") == "490.50"
    assert trade.post("/api/v1/periods/2026-10/close").status_code == 204
    red = ok(_red(trade, receipt["number"]), 201)
    rows = ok(trade.get("/api/v1/stock/balances", params={"product": "P2"}))["data"]
    assert (rows[0]["on_hand"], rows[0]["value"]) == ("0", "0.00")
    assert balance(trade, "S1", "payable") == "0.00"
    assert [(e["number"], e["open"]) for e in entries(trade, "S1")] == [
        (receipt["number"], "0.00"),
        (red["number"], "0.00"),
    ]
    assert doctor(system) == []


def _rule(client: TestClient, kind: str, min_amount: str | None = None) -> None:
    body = {"document_type": kind, "min_amount": min_amount, "steps": [{"role": "store_manager"}]}
    ok(client.post("/api/v1/approval-rules", json=body), 201)


def test_a_red_reversal_with_approval_steps_waits_for_them_and_posts_at_the_last(
    trade: TestClient, system: System
) -> None:
    order, delivery = _sold(trade)
    _rule(trade, "sales_delivery", min_amount="100")  # the delivery is 169.50
    manager = _user(trade, "manager", "store_manager")
    red = ok(_red(trade, delivery["number"]), 201)
    assert (red["status"], red["red_letter"], red["source_document"]) == (
        "submitted",
        True,
        delivery["number"],
    )
    # nothing is negated before the last step
    assert _p1(trade) == ("90", "900.00", "20")
    assert balance(trade, "C1", "receivable") == "169.50"
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "approved"
    twice = error(_red(trade, delivery["number"]))
    assert twice["code"] == "red_letter_pending"
    assert red["number"] in twice["message"]
    assert error(trade.post(f"/api/v1/documents/{red['number']}/approve"))["code"] == (
        "own_document"
    )
    done = ok(trade.post(f"/api/v1/documents/{red['number']}/approve", headers=manager))
    assert done["status"] == "approved"
    assert _p1(trade) == ("100", "1000.00", "30")
    assert balance(trade, "C1", "receivable") == "0.00"
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "reversed"
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "approved"
    assert doctor(system) == []


def test_a_waiting_red_letter_is_refused_at_its_last_step_if_its_source_gained_a_return(
    trade: TestClient, system: System
) -> None:
    _, delivery = _sold(trade)
    _rule(trade, "sales_delivery")
    manager = _user(trade, "manager", "store_manager")
    red = ok(_red(trade, delivery["number"]), 201)["number"]
    ret = create(
        trade, "sales_return", "C1", [{"source_line": delivery["lines"][0]["id"], "qty": "1"}]
    )
    act(trade, ret["number"], "approve")
    refused = error(trade.post(f"/api/v1/documents/{red}/approve", headers=manager))
    assert refused["code"] == "document_has_dependants"
    assert ok(trade.get(f"/api/v1/documents/{red}"))["status"] == "submitted"
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "approved"
    assert _p1(trade) == ("91", "910.00", "20")
    assert balance(trade, "C1", "receivable") == "152.55"
    assert doctor(system) == []


def test_a_sales_return_red_reversed_through_approval_is_owed_again_only_when_approved(
    trade: TestClient, system: System
) -> None:
    _, delivery = _sold(trade)
    ret = create(
        trade, "sales_return", "C1", [{"source_line": delivery["lines"][0]["id"], "qty": "4"}]
    )
    act(trade, ret["number"], "approve")  # -67.80, settled against the delivery
    _rule(trade, "sales_return")
    manager = _user(trade, "manager", "store_manager")
    red = ok(_red(trade, ret["number"]), 201)
    assert red["status"] == "submitted"
    assert balance(trade, "C1", "receivable") == "101.70"
    open_ = {e["number"]: e["open"] for e in entries(trade, "C1")}
    assert open_ == {delivery["number"]: "101.70", ret["number"]: "0.00"}
    ok(trade.post(f"/api/v1/documents/{red['number']}/approve", headers=manager))
    assert balance(trade, "C1", "receivable") == "169.50"
    assert _p1(trade)[:2] == ("90", "900.00")
    open_ = {e["number"]: e["open"] for e in entries(trade, "C1")}
    assert open_ == {delivery["number"]: "169.50", ret["number"]: "0.00", red["number"]: "0.00"}
    assert doctor(system) == []
