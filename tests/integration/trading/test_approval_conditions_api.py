"""Approval rules conditioned on a sale below the minimum price or a credit override: they
apply only when the condition holds, and their steps are what lets such a document through."""

from __future__ import annotations

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, create, doctor, error, ok
from tests.integration.trading.test_approvals_api import _user


def _rule(client: TestClient, kind: str, condition: str, steps: list[dict[str, object]]) -> int:
    body = {"document_type": kind, "condition": condition, "steps": steps}
    return int(ok(client.post("/api/v1/approval-rules", json=body), 201)["id"])


def _stocked(client: TestClient) -> None:
    opening = ok(
        client.post(
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
    act(client, opening["number"], "approve")


def _inbox(client: TestClient, headers: dict[str, str]) -> list[tuple[str, int, int, list[str]]]:
    data = ok(client.get("/api/v1/approvals/inbox", headers=headers))["data"]
    return [(i["number"], i["step"], i["steps"], i["conditions"]) for i in data]


def test_an_order_over_the_credit_limit_goes_through_the_credit_override_steps(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    ok(trade.patch("/api/v1/partners/C1", json={"credit_limit": "100"}))
    admin_id = ok(trade.get("/api/v1/users/admin"))["id"]
    _rule(
        trade, "sales_order", "credit_override", [{"role": "store_manager"}, {"user_id": admin_id}]
    )
    clerk = _user(trade, "clerk", "sales")
    manager = _user(trade, "manager", "store_manager")
    within = ok(
        trade.post(
            "/api/v1/documents",
            headers=clerk,
            json={
                "type": "sales_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"product": "P1", "qty": "2", "price": "15"}],
            },
        ),
        201,
    )  # 33.90: within the limit, the rule does not apply
    ok(trade.post(f"/api/v1/documents/{within['number']}/submit", headers=clerk))
    assert _inbox(trade, manager) == [(within["number"], 1, 1, [])]
    assert (
        ok(trade.post(f"/api/v1/documents/{within['number']}/approve", headers=manager))["status"]
        == "approved"
    )
    over = ok(
        trade.post(
            "/api/v1/documents",
            headers=clerk,
            json={
                "type": "sales_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"product": "P1", "qty": "10", "price": "15"}],
            },
        ),
        201,
    )  # 169.50 + 33.90 open > 100: the clerk may submit it, for the rule's two steps
    number = over["number"]
    assert ok(trade.post(f"/api/v1/documents/{number}/submit", headers=clerk))["status"] == (
        "submitted"
    )
    assert _inbox(trade, manager) == [(number, 1, 2, ["credit_override"])]
    first = ok(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    assert first["status"] == "submitted"
    assert not ok(trade.get("/api/v1/audit", params={"action": "document.credit_override"}))["data"]
    assert ok(trade.post(f"/api/v1/documents/{number}/approve"))["status"] == "approved"
    audit = ok(trade.get("/api/v1/audit", params={"action": "document.credit_override"}))["data"]
    assert [a["entity_id"] for a in audit] == [number]
    assert audit[0]["after"]["limit"] == "100.00"
    assert doctor(system) == []


def test_without_a_credit_override_rule_the_clerk_is_still_refused(trade: TestClient) -> None:
    ok(trade.patch("/api/v1/partners/C1", json={"credit_limit": "100"}))
    _rule(trade, "sales_order", "below_min_price", [{"role": "store_manager"}])
    clerk = _user(trade, "clerk", "sales")
    order = ok(
        trade.post(
            "/api/v1/documents",
            headers=clerk,
            json={
                "type": "sales_order",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"product": "P1", "qty": "10", "price": "15"}],
            },
        ),
        201,
    )
    refused = error(trade.post(f"/api/v1/documents/{order['number']}/submit", headers=clerk))
    assert refused["code"] == "credit_limit_exceeded"
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "draft"


def test_a_delivery_below_the_minimum_price_takes_the_rule_steps(trade: TestClient) -> None:
    _stocked(trade)
    ok(trade.patch("/api/v1/products/P1", json={"min_sale_price": "12"}))
    boss = _user(trade, "boss", "store_manager")
    boss_id = ok(trade.get("/api/v1/users/boss"))["id"]
    _rule(trade, "sales_delivery", "below_min_price", [{"role": "admin"}, {"user_id": boss_id}])
    clerk = _user(trade, "clerk", "sales")
    at_price = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "12"}])
    assert act(trade, at_price["number"], "approve")["status"] == "approved"  # no condition
    cheap = ok(
        trade.post(
            "/api/v1/documents",
            headers=clerk,
            json={
                "type": "sales_delivery",
                "date": "2026-10-10",
                "warehouse": "W1",
                "partner": "C1",
                "lines": [{"product": "P1", "qty": "2", "price": "11"}],
            },
        ),
        201,
    )
    number = cheap["number"]
    ok(trade.post(f"/api/v1/documents/{number}/submit", headers=clerk))
    assert _inbox(trade, boss) == []  # step 1 is the administrator's
    assert act(trade, number, "approve")["status"] == "submitted"
    assert _inbox(trade, boss) == [(number, 2, 2, ["below_min_price"])]
    assert ok(trade.post(f"/api/v1/documents/{number}/approve", headers=boss))["status"] == (
        "approved"
    )
    audit = ok(trade.get("/api/v1/audit", params={"action": "document.below_min_price"}))["data"]
    assert audit[0]["entity_id"] == number
    assert audit[0]["username"] == "boss"


def test_a_condition_must_fit_the_document_type(trade: TestClient) -> None:
    for kind, condition in (
        ("purchase_order", "credit_override"),
        ("write_off", "below_min_price"),
    ):
        refused = error(
            trade.post(
                "/api/v1/approval-rules",
                json={"document_type": kind, "condition": condition, "steps": [{"role": "admin"}]},
            )
        )
        assert refused["code"] == "rule_condition_not_for_type"
    unknown = error(
        trade.post(
            "/api/v1/approval-rules",
            json={"document_type": "sales_order", "condition": "any", "steps": [{"role": "admin"}]},
        )
    )
    assert unknown["code"] == "validation_error"
    assert ok(trade.get("/api/v1/approval-rules"))["count"] == 0
