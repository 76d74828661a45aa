"""Data scope through references (issue #16 §1, #17 §10): every document, line or payment a
request names is resolved under the caller's scope. Another store's (or, 仅本人单据, a
colleague's) document reads as not found — exactly as a direct GET — and nothing changes; a
store manager limited to their store by organisation alone reads and acts on its documents."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.conftest import login
from tests.integration.trading.conftest import DAY, act, balance, create, doctor, error, ok

PASSWORD = "Pass-word-1"
TRADER = ["purchasing", "sales", "finance", "store_manager"]
LINE = [{"product": "P1", "qty": "2", "price": "10"}]


def _store(trade: TestClient) -> int:
    """Store S01 with warehouse W2, beside head office's W1; the store's id."""
    body = {"code": "S01", "name": "一号店", "kind": "store", "parent": "HQ"}
    store = ok(trade.post("/api/v1/organisations", json=body), 201)
    warehouse = {"code": "W2", "name": "店仓", "organisation": "S01"}
    ok(trade.post("/api/v1/warehouses", json=warehouse), 201)
    return int(store["id"])


def _user(trade: TestClient, name: str, roles: list[str], **scope: Any) -> dict[str, str]:
    body = {"username": name, "password": PASSWORD, "roles": roles, **scope}
    ok(trade.post("/api/v1/users", json=body), 201)
    return login(trade, name, PASSWORD)


def _clerk(trade: TestClient) -> dict[str, str]:
    """A trader of store S01, limited by organisation only (no warehouse ticked)."""
    return _user(trade, "clerk", TRADER, organisation_ids=[_store(trade)])


def _stock(trade: TestClient) -> None:
    """100 of P1 in head office's W1, to sell from."""
    lines = [{"product": "P1", "qty": "100", "unit_cost": "10"}]
    body = {"type": "opening_stock", "date": "2026-10-01", "warehouse": "W1", "lines": lines}
    act(trade, ok(trade.post("/api/v1/documents", json=body), 201)["number"], "approve")


def _approved(trade: TestClient, kind: str, partner: str) -> Any:
    doc = create(trade, kind, partner, LINE)
    act(trade, doc["number"], "approve")
    return doc


def _post(trade: TestClient, headers: dict[str, str], **body: Any) -> Any:
    payload = {"date": DAY, "warehouse": "W2", **body}
    return trade.post("/api/v1/documents", json=payload, headers=headers)


def _count(trade: TestClient) -> int:
    return int(ok(trade.get("/api/v1/documents"))["count"])


def _not_found(response: Any) -> None:
    assert error(response, 404)["code"] == "not_found"


def test_another_stores_receipt_cannot_be_returned_through_from_documents(
    trade: TestClient, system: System
) -> None:
    clerk = _clerk(trade)
    receipt = _approved(trade, "purchase_receipt", "S1")  # head office's, in W1
    before, owed = _count(trade), balance(trade, "S1", "payable")
    returned = _post(
        trade, clerk, type="purchase_return", partner="S1", from_documents=[receipt["number"]]
    )
    _not_found(returned)
    _not_found(_post(trade, clerk, type="purchase_return", partner="S1", from_documents=["NO1"]))
    assert _count(trade) == before
    assert balance(trade, "S1", "payable") == owed
    assert doctor(system) == []


def test_another_stores_order_cannot_be_received_or_delivered(trade: TestClient) -> None:
    clerk = _clerk(trade)
    _stock(trade)
    for order_type, fill_type, partner in (
        ("purchase_order", "purchase_receipt", "S1"),
        ("sales_order", "sales_delivery", "C1"),
    ):
        order = _approved(trade, order_type, partner)
        before = _count(trade)
        made = _post(
            trade, clerk, type=fill_type, partner=partner, from_documents=[order["number"]]
        )
        _not_found(made)
        assert _count(trade) == before
        assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "approved"


def test_a_line_of_another_store_reads_as_an_unknown_line(trade: TestClient) -> None:
    clerk = _clerk(trade)
    order = _approved(trade, "purchase_order", "S1")
    line_id = ok(trade.get(f"/api/v1/documents/{order['number']}"))["lines"][0]["id"]
    before = _count(trade)
    answers = []
    for source_line in (line_id, 999_999):  # another store's line, and no line at all
        lines = [{"product": "P1", "qty": "1", "source_line": source_line}]
        refused = error(_post(trade, clerk, type="purchase_receipt", partner="S1", lines=lines))
        answers.append(refused["code"])
    assert answers == ["unknown_reference"] * 2
    assert _count(trade) == before
    # the clerk's own store's order is received as before
    own = _post(trade, clerk, type="purchase_order", partner="S1", lines=LINE)
    own_order = ok(own, 201)["number"]
    ok(trade.post(f"/api/v1/documents/{own_order}/approve", headers=clerk))
    received = _post(
        trade, clerk, type="purchase_receipt", partner="S1", from_documents=[own_order]
    )
    assert ok(received, 201)["lines"][0]["source_line"] is not None


def test_a_source_document_does_not_reveal_which_numbers_exist(trade: TestClient) -> None:
    clerk = _clerk(trade)
    receipt = _approved(trade, "purchase_receipt", "S1")
    before = _count(trade)
    answers = []
    for number in (receipt["number"], "CGRK20261010999"):
        issue = _post(
            trade,
            clerk,
            type="other_issue",
            reason="sample",
            source_document=number,
            lines=[{"product": "P1", "qty": "1"}],
        )
        answers.append((issue.status_code, issue.json()["error"]["code"]))
    assert answers == [(404, "not_found")] * 2
    assert _count(trade) == before


def test_another_stores_document_cannot_be_acted_on_or_settled(trade: TestClient) -> None:
    """Approving, editing or 红冲 another store's document is not found, and a payment of a
    caller limited to a warehouse settles none of head office's documents by name."""
    clerk = _clerk(trade)
    draft = create(trade, "purchase_order", "S1", LINE)
    _not_found(trade.post(f"/api/v1/documents/{draft['number']}/approve", headers=clerk))
    edit = {"type": "purchase_order", "date": DAY, "warehouse": "W2", "partner": "S1"}
    edited = trade.patch(
        f"/api/v1/documents/{draft['number']}", json={**edit, "lines": LINE}, headers=clerk
    )
    _not_found(edited)
    assert ok(trade.get(f"/api/v1/documents/{draft['number']}"))["status"] == "draft"
    receipt = _approved(trade, "purchase_receipt", "S1")
    _not_found(trade.post(f"/api/v1/documents/{receipt['number']}/red-reverse", headers=clerk))
    w2 = int(ok(trade.get("/api/v1/warehouses/W2"))["id"])
    cashier = _user(trade, "cashier", ["finance"], warehouse_ids=[w2])
    body = {"type": "supplier_payment", "date": DAY, "partner": "S1", "amount": "5"}
    payment = ok(trade.post("/api/v1/payments", json=body, headers=cashier), 201)
    settle = {"mode": "chosen", "lines": [{"document": receipt["number"], "amount": "5"}]}
    refused = error(
        trade.post(f"/api/v1/payments/{payment['number']}/approve", json=settle, headers=cashier)
    )
    assert refused["code"] == "nothing_open"
    assert ok(trade.get(f"/api/v1/payments/{payment['number']}"))["status"] == "draft"
    assert balance(trade, "S1", "payable") == "22.60"


def test_a_store_manager_limited_by_organisation_reads_and_approves_their_stores_document(
    trade: TestClient,
) -> None:
    clerk = _clerk(trade)
    loss = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "write_off",
                "date": DAY,
                "warehouse": "W2",
                "reason": "damage",
                "lines": [{"product": "P1", "qty": "1"}],
            },
        ),
        201,
    )
    listed = ok(trade.get("/api/v1/documents", headers=clerk))["data"]
    assert [row["number"] for row in listed] == [loss["number"]]
    assert ok(trade.get(f"/api/v1/documents/{loss['number']}", headers=clerk))["type"] == (
        "write_off"
    )
    order = ok(_post(trade, {}, type="purchase_order", partner="S1", lines=LINE), 201)
    ok(trade.post(f"/api/v1/documents/{order['number']}/submit"))
    inbox = ok(trade.get("/api/v1/approvals/inbox", headers=clerk))["data"]
    assert order["number"] in [item["number"] for item in inbox]
    approved = ok(trade.post(f"/api/v1/documents/{order['number']}/approve", headers=clerk))
    assert approved["status"] == "approved"


def test_a_colleagues_documents_and_payments_are_not_found_under_own_documents_only(
    trade: TestClient,
) -> None:
    seller = _user(trade, "seller", ["sales", "finance", "store_manager"], own_documents_only=True)
    _stock(trade)
    order = _approved(trade, "sales_order", "C1")  # the administrator's
    before = _count(trade)
    delivery = {"type": "sales_delivery", "warehouse": "W1", "partner": "C1"}
    _not_found(_post(trade, seller, **delivery, from_documents=[order["number"]]))
    line_id = ok(trade.get(f"/api/v1/documents/{order['number']}"))["lines"][0]["id"]
    lines = [{"product": "P1", "qty": "1", "source_line": line_id}]
    assert error(_post(trade, seller, **delivery, lines=lines))["code"] == "unknown_reference"
    assert _count(trade) == before
    # a colleague's submitted document is neither in the inbox nor approvable
    waiting = create(trade, "sales_order", "C1", LINE)
    act(trade, waiting["number"], "submit")
    inbox = ok(trade.get("/api/v1/approvals/inbox", headers=seller))["data"]
    assert waiting["number"] not in [item["number"] for item in inbox]
    _not_found(trade.post(f"/api/v1/documents/{waiting['number']}/approve", headers=seller))
    # a colleague's delivery is not settled by name, nor their payment approved
    sold = _approved(trade, "sales_delivery", "C1")
    body = {"type": "customer_receipt", "date": DAY, "partner": "C1", "amount": "5"}
    mine = ok(trade.post("/api/v1/payments", json=body, headers=seller), 201)
    settle = {"mode": "chosen", "lines": [{"document": sold["number"], "amount": "5"}]}
    refused = trade.post(f"/api/v1/payments/{mine['number']}/approve", json=settle, headers=seller)
    assert error(refused)["code"] == "nothing_open"
    theirs = ok(trade.post("/api/v1/payments", json=body), 201)
    refused = trade.post(f"/api/v1/payments/{theirs['number']}/approve", headers=seller)
    assert error(refused, 404)["code"] == "not_found"
    assert ok(trade.get(f"/api/v1/payments/{theirs['number']}"))["status"] == "draft"
    # their own order is delivered as before
    own = ok(
        _post(trade, seller, type="sales_order", warehouse="W1", partner="C1", lines=LINE), 201
    )
    ok(trade.post(f"/api/v1/documents/{own['number']}/approve", headers=seller))
    assert ok(_post(trade, seller, **delivery, from_documents=[own["number"]]), 201)


def test_another_stores_loan_is_neither_listed_nor_returned_against(trade: TestClient) -> None:
    clerk = _clerk(trade)
    _stock(trade)
    body = {
        "type": "other_issue",
        "date": DAY,
        "warehouse": "W1",
        "reason": "lending",
        "expected_return_date": "2026-10-31",
        "lines": [{"product": "P1", "qty": "4"}],
    }
    loan = ok(trade.post("/api/v1/documents", json=body), 201)["number"]
    act(trade, loan, "approve")
    assert ok(trade.get("/api/v1/stock/loans"))["count"] == 1
    assert ok(trade.get("/api/v1/stock/loans", headers=clerk))["count"] == 0
    back = _post(
        trade,
        clerk,
        type="other_receipt",
        reason="loan_return",
        source_document=loan,
        lines=[{"product": "P1", "qty": "4"}],
    )
    _not_found(back)
    assert ok(trade.get("/api/v1/stock/loans"))["data"][0]["outstanding"] == "4"
