"""Approval rules are listed and edited (PATCH): every change is checked as a new rule would
be, and a refused change leaves the rule as it was."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.trading.conftest import error, ok
from tests.integration.trading.test_approvals_api import _user


def _rules(client: TestClient) -> list[dict[str, Any]]:
    return ok(client.get("/api/v1/approval-rules"))["data"]  # type: ignore[no-any-return]


def _a_rule(client: TestClient) -> int:
    body = {"document_type": "purchase_order", "min_amount": "1000", "steps": [{"role": "admin"}]}
    return int(ok(client.post("/api/v1/approval-rules", json=body), 201)["id"])


def test_a_rule_is_edited_and_documents_follow_it(trade: TestClient) -> None:
    rule = _a_rule(trade)
    manager = _user(trade, "manager", "store_manager")
    changed = ok(
        trade.patch(
            f"/api/v1/approval-rules/{rule}",
            json={"min_amount": "500.5", "steps": [{"role": "store_manager"}, {"role": "admin"}]},
        )
    )
    assert changed == {
        "id": rule,
        "document_type": "purchase_order",
        "min_amount": "500.50",
        "condition": None,
        "steps": [{"role": "store_manager", "user_id": None}, {"role": "admin", "user_id": None}],
    }
    assert _rules(trade) == [changed]
    order = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "purchase_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "S1",
                "lines": [{"product": "P2", "qty": "5", "price": "100"}],
            },
        ),
        201,
    )  # 545.00: over the new threshold, under the old one
    ok(trade.post(f"/api/v1/documents/{order['number']}/submit"))
    inbox = ok(trade.get("/api/v1/approvals/inbox", headers=manager))["data"]
    assert [(i["number"], i["steps"]) for i in inbox] == [(order["number"], 2)]
    cleared = ok(trade.patch(f"/api/v1/approval-rules/{rule}", json={"min_amount": None}))
    assert cleared["min_amount"] is None
    assert len(cleared["steps"]) == 2
    audit = ok(trade.get("/api/v1/audit", params={"action": "approval_rule.update"}))["data"]
    assert audit[0]["before"]["min_amount"] == "500.5"


def test_a_refused_edit_changes_nothing(trade: TestClient) -> None:
    rule = _a_rule(trade)
    before = _rules(trade)
    refusals = [
        ({"steps": [{"role": "nobody"}]}, "unknown_reference"),
        ({"steps": [{"user_id": 999}]}, "unknown_reference"),
        ({"steps": [{"role": "sales"}]}, "step_cannot_approve"),  # sales may not approve purchases
        ({"steps": [{"role": "admin", "user_id": 1}]}, "step_needs_role_or_user"),
        ({"condition": "credit_override"}, "rule_condition_not_for_type"),
        ({"document_type": "write_off"}, "rule_amount_needs_prices"),
        ({"min_amount": "-1"}, "negative"),
        ({"steps": None}, "required"),
        ({"document_type": None}, "required"),
    ]
    for body, code in refusals:
        refused = error(trade.patch(f"/api/v1/approval-rules/{rule}", json=body))
        assert refused["code"] == code, body
    assert _rules(trade) == before
    missing = error(trade.patch("/api/v1/approval-rules/9999", json={"min_amount": "1"}), 404)
    assert missing["code"] == "not_found"


def test_only_an_administrator_edits_rules(trade: TestClient) -> None:
    rule = _a_rule(trade)
    manager = _user(trade, "manager", "store_manager")
    patch = trade.patch(f"/api/v1/approval-rules/{rule}", json={"min_amount": "1"}, headers=manager)
    assert error(patch, 403)["code"] == "forbidden"
    assert error(trade.get("/api/v1/approval-rules", headers=manager), 403)["code"] == "forbidden"
