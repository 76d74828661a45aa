"""审批中心: multi-step rules, the creator never approves, rejection with a reason, inbox."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import login
from tests.integration.trading.conftest import create, error, ok


def _user(client: TestClient, name: str, role: str) -> dict[str, str]:
    ok(
        client.post(
            "/api/v1/users",
            json={
                "username": name,
                "display_name": name,
                "password": "Pass-word-1",
                "roles": [role],
            },
        ),
        201,
    )
    return login(client, name, "Pass-word-1")


def test_a_large_order_needs_two_steps_and_posts_only_at_the_last(trade: TestClient) -> None:
    admin_id = ok(trade.get("/api/v1/users/admin"))["id"]
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={
                "document_type": "purchase_order",
                "min_amount": "1000",
                "steps": [{"role": "store_manager"}, {"user_id": admin_id}],
            },
        ),
        201,
    )
    buyer = _user(trade, "buyer", "purchasing")
    manager = _user(trade, "manager", "store_manager")
    order = ok(
        trade.post(
            "/api/v1/documents",
            headers=buyer,
            json={
                "type": "purchase_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "S1",
                "lines": [{"product": "P2", "qty": "10", "price": "100"}],
            },
        ),
        201,
    )  # 1090.00
    number = order["number"]
    assert (
        ok(trade.post(f"/api/v1/documents/{number}/submit", headers=buyer))["status"] == "submitted"
    )
    assert (
        error(trade.post(f"/api/v1/documents/{number}/approve", headers=buyer), 403)["code"]
        == "forbidden"
    )
    wrong = error(trade.post(f"/api/v1/documents/{number}/approve"))
    assert wrong["code"] == "not_your_step"
    assert ok(trade.get("/api/v1/approvals/inbox"))["count"] == 0
    assert [
        i["number"] for i in ok(trade.get("/api/v1/approvals/inbox", headers=manager))["data"]
    ] == [number]
    first = ok(
        trade.post(
            f"/api/v1/documents/{number}/approve", headers=manager, json={"comment": "价格已核"}
        )
    )
    assert first["status"] == "submitted"
    assert ok(trade.get("/api/v1/approvals/inbox", headers=manager))["count"] == 0
    inbox = ok(trade.get("/api/v1/approvals/inbox"))["data"]
    assert [(i["number"], i["step"], i["steps"], i["total"]) for i in inbox] == [
        (number, 2, 2, "1090.00")
    ]
    assert ok(trade.post(f"/api/v1/documents/{number}/approve"))["status"] == "approved"
    steps = ok(trade.get(f"/api/v1/documents/{number}/approvals"))
    assert [(s["step"], s["action"], s["user"], s["comment"]) for s in steps] == [
        (1, "approve", "manager", "价格已核"),
        (2, "approve", "admin", ""),
    ]
    # below the threshold: one approval, as without a rule
    small = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "1", "price": "10"}])
    assert ok(trade.post(f"/api/v1/documents/{small['number']}/approve"))["status"] == "approved"


def test_a_rejection_returns_to_draft_with_the_reason_and_restarts_the_steps(
    trade: TestClient,
) -> None:
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={
                "document_type": "purchase_order",
                "steps": [{"role": "store_manager"}, {"role": "admin"}],
            },
        ),
        201,
    )
    buyer = _user(trade, "buyer", "purchasing")
    manager = _user(trade, "manager", "store_manager")
    order = ok(
        trade.post(
            "/api/v1/documents",
            headers=buyer,
            json={
                "type": "purchase_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "S1",
                "lines": [{"product": "P1", "qty": "1", "price": "10"}],
            },
        ),
        201,
    )
    number = order["number"]
    ok(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    rejected = ok(trade.post(f"/api/v1/documents/{number}/reject", json={"reason": "数量不对"}))
    assert rejected["status"] == "draft"
    steps = ok(trade.get(f"/api/v1/documents/{number}/approvals"))
    assert steps[-1]["action"] == "reject"
    assert steps[-1]["comment"] == "数量不对"
    assert error(trade.post(f"/api/v1/documents/{number}/approve"))["code"] == "not_your_step"


def test_the_creator_cannot_approve_their_own_document(trade: TestClient) -> None:
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={"document_type": "sales_order", "steps": [{"role": "admin"}]},
        ),
        201,
    )
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    refused = error(trade.post(f"/api/v1/documents/{order['number']}/approve"))
    assert refused["code"] == "own_document"
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "draft"


def test_each_step_needs_a_different_person_even_with_every_steps_role(
    trade: TestClient,
) -> None:
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={
                "document_type": "purchase_order",
                "steps": [{"role": "store_manager"}, {"role": "store_manager"}],
            },
        ),
        201,
    )
    first = _user(trade, "manager1", "store_manager")
    second = _user(trade, "manager2", "store_manager")
    number = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "1", "price": "10"}])[
        "number"
    ]
    assert ok(trade.post(f"/api/v1/documents/{number}/approve", headers=first))["status"] == (
        "submitted"
    )
    again = error(trade.post(f"/api/v1/documents/{number}/approve", headers=first))
    assert again["code"] == "step_already_yours"
    assert "另一人" in again["message"]
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "submitted"
    assert ok(trade.post(f"/api/v1/documents/{number}/approve", headers=second))["status"] == (
        "approved"
    )
    steps = ok(trade.get(f"/api/v1/documents/{number}/approvals"))
    assert [(s["step"], s["user"]) for s in steps] == [(1, "manager1"), (2, "manager2")]
