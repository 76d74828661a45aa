"""Purchase to pay over the API: order, partial receipts, over-receipt, return, AP, 反审核."""

from __future__ import annotations

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, balance, create, doctor, entries, ok, stock


def _order(trade: TestClient) -> dict:  # type: ignore[type-arg]
    order = create(
        trade,
        "purchase_order",
        "S1",
        [
            {"product": "P1", "qty": "10", "price": "10"},
            {"product": "P2", "qty": "5", "price": "100"},
        ],
        expected_date="2026-10-20",
    )
    act(trade, order["number"], "approve")
    return order  # type: ignore[no-any-return]


def test_a_receipt_copies_the_open_quantities_and_posts_stock_and_ap(
    trade: TestClient, system: System
) -> None:
    order = _order(trade)
    assert order["number"] == "CGDD20261010001"
    assert (order["net_amount"], order["tax"], order["total"]) == ("600.00", "58.00", "658.00")
    receipt = create(trade, "purchase_receipt", "S1", from_documents=[order["number"]])
    assert [(ln["qty"], ln["price"], ln["source_line"]) for ln in receipt["lines"]] == [
        ("10", "10", order["lines"][0]["id"]),
        ("5", "100", order["lines"][1]["id"]),
    ]
    approved = act(trade, receipt["number"], "approve")
    assert approved["due_date"] == "2026-11-09"  # 30 days' terms
    assert stock(trade, "P1") == ("10", "100.00")  # at the price ex tax
    assert stock(trade, "P2") == ("5", "500.00")
    # 10 × 10 × 13% = 13.00, 5 × 100 × 9% = 45.00
    assert balance(trade, "S1", "payable") == "658.00"
    po = ok(trade.get(f"/api/v1/documents/{order['number']}"))
    assert po["status"] == "completed"
    assert [ln["done_qty"] for ln in po["lines"]] == ["10", "5"]
    assert doctor(system) == []


def test_partial_receipts_move_the_order_to_partial_then_completed(trade: TestClient) -> None:
    order = _order(trade)
    first = create(
        trade, "purchase_receipt", "S1", [{"source_line": order["lines"][0]["id"], "qty": "4"}]
    )
    act(trade, first["number"], "approve")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "partial"
    rest = create(trade, "purchase_receipt", "S1", from_documents=[order["number"]])
    assert [(ln["qty"], ln["product"]) for ln in rest["lines"]] == [("6", "P1"), ("5", "P2")]
    act(trade, rest["number"], "approve")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "completed"
    # 反审核 of the second receipt re-opens the order
    act(trade, rest["number"], "unapprove")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "partial"
    assert stock(trade, "P1") == ("4", "40.00")
    assert balance(trade, "S1", "payable") == "45.20"  # 40 + 13% tax


def test_over_receipt_beyond_the_tolerance_is_refused_and_changes_nothing(
    trade: TestClient,
) -> None:
    order = _order(trade)
    line = order["lines"][0]["id"]
    response = trade.post(
        "/api/v1/documents",
        json={
            "type": "purchase_receipt",
            "date": "2026-10-10",
            "warehouse": "W1",
            "partner": "S1",
            "lines": [{"source_line": line, "qty": "11"}],
        },
    )
    assert response.status_code == 422, response.text
    body = response.json()["error"]
    assert body["code"] == "over_receipt"
    assert body["details"][0]["requested"] == "11"
    assert body["details"][0]["allowed"] == "10"
    ok(
        trade.put(
            "/api/v1/trade-settings",
            json={"prices_include_tax": False, "over_receipt_tolerance": "0.1"},
        )
    )
    receipt = create(trade, "purchase_receipt", "S1", [{"source_line": line, "qty": "11"}])
    act(trade, receipt["number"], "approve")
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["lines"][0]["done_qty"] == "11"
    refused = trade.post(
        "/api/v1/documents",
        json={
            "type": "purchase_receipt",
            "date": "2026-10-10",
            "warehouse": "W1",
            "partner": "S1",
            "lines": [{"source_line": line, "qty": "1"}],
        },
    )
    assert refused.json()["error"]["code"] == "over_receipt"


def test_concurrent_drafts_cannot_together_over_receive(trade: TestClient) -> None:
    order = _order(trade)
    line = order["lines"][0]["id"]
    a = create(trade, "purchase_receipt", "S1", [{"source_line": line, "qty": "6"}])
    b = create(trade, "purchase_receipt", "S1", [{"source_line": line, "qty": "6"}])
    act(trade, a["number"], "approve")
    refused = trade.post(f"/api/v1/documents/{b['number']}/approve")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "over_receipt"
    assert ok(trade.get(f"/api/v1/documents/{b['number']}"))["status"] == "draft"
    assert stock(trade, "P1") == ("6", "60.00")


def test_a_closed_order_takes_no_more_receipts(trade: TestClient) -> None:
    order = _order(trade)
    part = create(
        trade, "purchase_receipt", "S1", [{"source_line": order["lines"][0]["id"], "qty": "2"}]
    )
    act(trade, part["number"], "approve")
    assert act(trade, order["number"], "close")["status"] == "closed"
    refused = trade.post(
        "/api/v1/documents",
        json={
            "type": "purchase_receipt",
            "date": "2026-10-10",
            "warehouse": "W1",
            "partner": "S1",
            "from_documents": [order["number"]],
        },
    )
    assert refused.json()["error"]["code"] == "source_not_open"


def test_a_purchase_return_leaves_at_the_cost_it_came_in_with_and_reduces_ap(
    trade: TestClient, system: System
) -> None:
    receipt = create(
        trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "10", "price": "10"}]
    )
    act(trade, receipt["number"], "approve")
    later = create(trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "10", "price": "13"}])
    act(trade, later["number"], "approve")
    assert stock(trade, "P1") == ("20", "230.00")  # average 11.50
    ret = create(trade, "purchase_return", "S1", from_documents=[receipt["number"]])
    assert ret["lines"][0]["qty"] == "10"
    ret = create(
        trade, "purchase_return", "S1", [{"source_line": receipt["lines"][0]["id"], "qty": "4"}]
    )
    approved = act(trade, ret["number"], "approve")
    assert approved["lines"][0]["posted_value"] == "40.00"  # at 10, not the average 11.50
    assert stock(trade, "P1") == ("16", "190.00")
    # AP: 113.00 + 146.90 - 45.20
    assert balance(trade, "S1", "payable") == "214.70"
    ledger = entries(trade, "S1")
    assert [(e["number"], e["amount"], e["open"]) for e in ledger] == [
        (receipt["number"], "113.00", "67.80"),  # the return settled against its receipt
        (later["number"], "146.90", "146.90"),
        (ret["number"], "-45.20", "0.00"),
    ]
    returned = ok(trade.get(f"/api/v1/documents/{receipt['number']}"))["lines"][0]["returned_qty"]
    assert returned == "4"
    too_many = create(
        trade, "purchase_return", "S1", [{"source_line": receipt["lines"][0]["id"], "qty": "6"}]
    )
    refused = trade.post(
        "/api/v1/documents",
        json={
            "type": "purchase_return",
            "date": "2026-10-10",
            "warehouse": "W1",
            "partner": "S1",
            "lines": [{"source_line": receipt["lines"][0]["id"], "qty": "7"}],
        },
    )
    assert refused.json()["error"]["code"] == "return_exceeds_source"
    assert too_many["lines"][0]["qty"] == "6"
    # the receipt cannot be unapproved while a return depends on it
    blocked = trade.post(f"/api/v1/documents/{receipt['number']}/unapprove")
    assert blocked.json()["error"]["code"] == "document_has_dependants"
    act(trade, ret["number"], "unapprove")
    assert balance(trade, "S1", "payable") == "259.90"
    assert entries(trade, "S1")[0]["open"] == "113.00"
    assert doctor(system) == []


def test_overdue_orders_are_listed(trade: TestClient) -> None:
    order = _order(trade)
    done = create(
        trade, "purchase_order", "S1", [{"product": "P1", "qty": "1"}], expected_date="2026-10-11"
    )
    act(trade, done["number"], "approve")
    receipt = create(trade, "purchase_receipt", "S1", from_documents=[done["number"]])
    act(trade, receipt["number"], "approve")
    rows = ok(trade.get("/api/v1/purchase-orders/overdue", params={"as_of": "2026-10-21"}))["data"]
    assert [(r["number"], r["open_qty"]) for r in rows] == [(order["number"], "15")]
    assert (
        ok(trade.get("/api/v1/purchase-orders/overdue", params={"as_of": "2026-10-20"}))["data"]
        == []
    )
