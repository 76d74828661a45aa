"""Scope on every read by reference: a document's chain and approval steps, batch holds and
the audit trail show a store-limited (or 仅本人单据) user only what a direct GET would
(issue #16 §5); out of scope reads as not found."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.conftest import login
from tests.integration.trading.conftest import act, create, error, ok

PASSWORD = "Pass-word-1"


def _store(trade: TestClient) -> None:
    """Store S01 with warehouse W2; a batch product CREAM with batch L1 in head office's W1."""
    body = {"code": "S01", "name": "一号店", "kind": "store", "parent": "HQ"}
    ok(trade.post("/api/v1/organisations", json=body), 201)
    ok(
        trade.post(
            "/api/v1/warehouses", json={"code": "W2", "name": "店仓", "organisation": "S01"}
        ),
        201,
    )
    cream = {"code": "CREAM", "name": "淡奶油", "base_unit": "盒", "tracking": "batch"}
    ok(trade.post("/api/v1/products", json=cream), 201)
    opening = {
        "type": "opening_stock",
        "date": "2026-10-01",
        "warehouse": "W1",
        "lines": [{"product": "CREAM", "qty": "5", "unit_cost": "10", "batch": "L1"}],
    }
    act(trade, ok(trade.post("/api/v1/documents", json=opening), 201)["number"], "approve")


def _user(trade: TestClient, name: str, roles: list[str], **scope: Any) -> dict[str, str]:
    body = {"username": name, "password": PASSWORD, "roles": roles, **scope}
    ok(trade.post("/api/v1/users", json=body), 201)
    return login(trade, name, PASSWORD)


def _warehouse_id(trade: TestClient, code: str) -> int:
    return int(ok(trade.get(f"/api/v1/warehouses/{code}"))["id"])


def test_a_chain_or_steps_out_of_scope_read_as_not_found(trade: TestClient) -> None:
    _store(trade)
    clerk = _user(trade, "clerk", ["store_manager"], warehouse_ids=[_warehouse_id(trade, "W2")])
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    act(trade, order["number"], "submit")
    for path in ("trace", "approvals"):
        found = error(trade.get(f"/api/v1/documents/{order['number']}/{path}", headers=clerk), 404)
        assert found["code"] == "not_found"


def test_a_colleagues_document_reads_as_not_found_under_own_documents_only(
    trade: TestClient,
) -> None:
    seller = _user(trade, "seller", ["sales"], own_documents_only=True)
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    act(trade, order["number"], "submit")
    for path in ("", "/trace", "/approvals"):
        response = trade.get(f"/api/v1/documents/{order['number']}{path}", headers=seller)
        assert response.status_code == 404, (path, response.text)
    mine = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "sales_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"product": "P1", "qty": "1", "price": "15"}],
            },
            headers=seller,
        ),
        201,
    )
    assert ok(trade.get(f"/api/v1/documents/{mine['number']}/trace", headers=seller))


def test_money_in_a_chain_is_shown_only_to_who_reads_the_ledger(trade: TestClient) -> None:
    keeper = _user(trade, "keeper", ["warehouse"])
    receipt = create(
        trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "2", "price": "10"}]
    )
    act(trade, receipt["number"], "approve")
    body = {"type": "supplier_payment", "date": "2026-10-12", "partner": "S1", "amount": "22.60"}
    payment = ok(trade.post("/api/v1/payments", json=body), 201)
    ok(trade.post(f"/api/v1/payments/{payment['number']}/approve", json={}))
    assert ok(trade.get(f"/api/v1/documents/{receipt['number']}/trace"))["payments"]
    assert (
        ok(trade.get(f"/api/v1/documents/{receipt['number']}/trace", headers=keeper))["payments"]
        == []
    )


def test_a_batch_in_another_stores_warehouse_cannot_be_held_or_released(
    trade: TestClient, system: System
) -> None:
    _store(trade)
    clerk = _user(trade, "clerk", ["store_manager"], warehouse_ids=[_warehouse_id(trade, "W2")])
    hold = {"product": "CREAM", "batch": "L1", "reason": "质检"}
    for path in ("/api/v1/stock/holds", "/api/v1/stock/holds/release"):
        refused = error(trade.post(path, json=hold, headers=clerk))
        assert refused["code"] == "unknown_batch"
    batches = ok(trade.get("/api/v1/stock/batches", params={"product": "CREAM"}))["data"]
    assert [b["on_hold"] for b in batches] == [False]
    assert trade.post("/api/v1/stock/holds", json=hold).status_code == 204


def test_the_audit_trail_of_a_store_limited_user_shows_only_their_scope(trade: TestClient) -> None:
    _store(trade)
    auditor = _user(
        trade, "auditor", ["finance", "store_manager"], warehouse_ids=[_warehouse_id(trade, "W2")]
    )
    at_hq = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    at_store = create(
        trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}], warehouse="W2"
    )
    trail = ok(trade.get("/api/v1/audit", params={"limit": 200}, headers=auditor))["data"]
    about = {(row["entity"], row["entity_id"]) for row in trail}
    assert ("document", at_store["number"]) in about
    assert ("document", at_hq["number"]) not in about
    # besides the store's documents only the auditor's own doings: no products, users, settings
    assert all(row["entity"] == "document" or row["username"] == "auditor" for row in trail)
    everything = ok(trade.get("/api/v1/audit", params={"limit": 200}))["data"]
    assert ("document", at_hq["number"]) in {(r["entity"], r["entity_id"]) for r in everything}
