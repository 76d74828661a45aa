"""Multi-step approval of stock documents: write-offs and overages take two different
approvers by default, the creator never approves, rules apply to stock types too."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services.inventory import approval, documents
from tests.integration.trading.conftest import act, doctor, error, ok, stock
from tests.integration.trading.test_approvals_api import _user


def _opening(client: TestClient) -> None:
    doc = ok(
        client.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P2", "qty": "10", "unit_cost": "100"}],
            },
        ),
        201,
    )
    act(client, doc["number"], "approve")  # one approval: no rule, no default steps


def _stock_document(client: TestClient, kind: str, headers: dict[str, str]) -> str:
    doc = ok(
        client.post(
            "/api/v1/documents",
            headers=headers,
            json={
                "type": kind,
                "date": "2026-10-10",
                "warehouse": "W1",
                "reason": "damage" if kind in ("write_off", "other_issue") else None,
                "lines": [{"product": "P2", "qty": "3"}],
            },
        ),
        201,
    )
    ok(client.post(f"/api/v1/documents/{doc['number']}/submit", headers=headers))
    return str(doc["number"])


def _inbox(client: TestClient, headers: dict[str, str] | None = None) -> list[tuple[str, int]]:
    data = ok(client.get("/api/v1/approvals/inbox", headers=headers or {}))["data"]
    return [(i["number"], i["step"]) for i in data]


def test_a_write_off_needs_two_different_approvers_and_posts_at_the_second(
    trade: TestClient, system: System
) -> None:
    _opening(trade)
    keeper = _user(trade, "keeper", "warehouse")
    manager = _user(trade, "manager", "store_manager")
    number = _stock_document(trade, "write_off", keeper)
    assert error(trade.post(f"/api/v1/documents/{number}/approve", headers=keeper), 403)
    item = ok(trade.get("/api/v1/approvals/inbox", headers=manager))["data"][0]
    assert (item["number"], item["step"], item["steps"], item["total"]) == (number, 1, 2, None)
    assert (item["warehouse"], item["reason"]) == ("W1", "damage")
    assert item["value"] == "300.00"  # 3 at the average cost of 100, before it posts
    first = ok(
        trade.post(
            f"/api/v1/documents/{number}/approve", headers=manager, json={"comment": "破损属实"}
        )
    )
    assert first["status"] == "submitted"
    assert stock(trade, "P2")[0] == "10"  # nothing posted before the last step
    audit = ok(trade.get("/api/v1/audit", params={"action": "document.approve_step"}))["data"]
    assert [(a["entity_id"], a["username"], a["after"]) for a in audit] == [
        (number, "manager", {"step": 1, "comment": "破损属实"})
    ]
    again = error(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    assert again["code"] == "step_already_yours"
    assert _inbox(trade, manager) == []
    assert _inbox(trade) == [(number, 2)]
    assert ok(trade.post(f"/api/v1/documents/{number}/approve"))["status"] == "approved"
    assert stock(trade, "P2")[0] == "7"
    history = ok(trade.get(f"/api/v1/documents/{number}/approvals"))
    assert [(h["step"], h["action"], h["user"], h["comment"]) for h in history] == [
        (1, "approve", "manager", "破损属实"),
        (2, "approve", "admin", ""),
    ]
    assert doctor(system) == []


def test_the_creator_cannot_approve_their_own_overage(trade: TestClient) -> None:
    manager = _user(trade, "manager", "store_manager")
    number = _stock_document(trade, "overage", manager)
    refused = error(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    assert refused["code"] == "own_document"
    assert _inbox(trade, manager) == []
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "submitted"


def test_a_rejected_overage_is_a_draft_again_and_starts_its_steps_over(
    trade: TestClient,
) -> None:
    _opening(trade)
    keeper = _user(trade, "keeper", "warehouse")
    manager = _user(trade, "manager", "store_manager")
    number = _stock_document(trade, "overage", keeper)
    act(trade, number, "approve")  # step 1 by the administrator
    rejected = ok(
        trade.post(
            f"/api/v1/documents/{number}/reject", headers=manager, json={"reason": "数量不符"}
        )
    )
    assert (rejected["status"], stock(trade, "P2")[0]) == ("draft", "10")
    history = ok(trade.get(f"/api/v1/documents/{number}/approvals"))
    assert [(h["step"], h["action"], h["comment"]) for h in history][-1] == (
        2,
        "reject",
        "数量不符",
    )
    ok(trade.post(f"/api/v1/documents/{number}/submit", headers=keeper))
    assert _inbox(trade, manager) == [(number, 1)]  # the count restarted
    ok(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    assert ok(trade.post(f"/api/v1/documents/{number}/approve"))["status"] == "approved"
    assert stock(trade, "P2")[0] == "13"


def test_a_rule_for_a_stock_type_replaces_the_default(trade: TestClient) -> None:
    _opening(trade)
    admin_id = ok(trade.get("/api/v1/users/admin"))["id"]
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={"document_type": "other_issue", "steps": [{"user_id": admin_id}]},
        ),
        201,
    )
    ok(
        trade.post(
            "/api/v1/approval-rules",
            json={"document_type": "write_off", "steps": [{"role": "store_manager"}]},
        ),
        201,
    )
    keeper = _user(trade, "keeper", "warehouse")
    manager = _user(trade, "manager", "store_manager")
    issue = _stock_document(trade, "other_issue", keeper)
    refused = error(trade.post(f"/api/v1/documents/{issue}/approve", headers=manager))
    assert refused["code"] == "not_your_step"
    assert ok(trade.post(f"/api/v1/documents/{issue}/approve"))["status"] == "approved"
    write_off = _stock_document(trade, "write_off", keeper)
    assert ok(trade.get("/api/v1/approvals/inbox", headers=manager))["data"][0]["steps"] == 1
    done = ok(trade.post(f"/api/v1/documents/{write_off}/approve", headers=manager))
    assert done["status"] == "approved"  # one step: the rule's, not the default two
    assert stock(trade, "P2")[0] == "4"


def test_a_stock_rule_cannot_start_from_an_amount(trade: TestClient) -> None:
    refused = error(
        trade.post(
            "/api/v1/approval-rules",
            json={
                "document_type": "write_off",
                "min_amount": "100",
                "steps": [{"role": "store_manager"}],
            },
        )
    )
    assert refused["code"] == "rule_amount_needs_prices"
    assert ok(trade.get("/api/v1/approval-rules"))["count"] == 0


def test_the_system_actor_takes_a_write_offs_two_steps_one_call_each(
    trade: TestClient, system: System
) -> None:
    _opening(trade)
    doc = documents.create_document(
        documents.DocumentInput(
            "write_off",
            date(2026, 10, 10),
            "W1",
            [documents.LineInput("P2", "3")],
            reason="damage",
        ),
        Actor.system(),
        system.uow(),
    )
    first = approval.approve_document(doc.number, Actor.system(), system.uow())
    assert (first.status.value, first.approval_step) == ("submitted", 1)
    assert stock(trade, "P2")[0] == "10"
    second = approval.approve_document(doc.number, Actor.system(), system.uow())
    assert second.status.value == "approved"
    assert stock(trade, "P2")[0] == "7"


def _approved_by_two(trade: TestClient, kind: str) -> tuple[str, dict[str, str]]:
    """A write-off or overage of 3 × P2 after 10 in stock, approved by a manager, then the
    administrator; the number and the manager's headers."""
    _opening(trade)
    keeper = _user(trade, "keeper", "warehouse")
    manager = _user(trade, "manager", "store_manager")
    number = _stock_document(trade, kind, keeper)
    ok(trade.post(f"/api/v1/documents/{number}/approve", headers=manager))
    act(trade, number, "approve")
    return number, manager


def test_a_red_reversal_of_a_write_off_waits_for_the_same_two_approvers(
    trade: TestClient, system: System
) -> None:
    number, manager = _approved_by_two(trade, "write_off")
    assert stock(trade, "P2")[0] == "7"

    red = ok(trade.post(f"/api/v1/documents/{number}/red-reverse", headers=manager), 201)
    assert (red["status"], red["red_letter"]) == ("submitted", True)
    assert stock(trade, "P2")[0] == "7"  # nothing posted before the last step
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "approved"
    twice = error(trade.post(f"/api/v1/documents/{number}/red-reverse"))
    assert twice["code"] == "red_letter_pending"
    assert red["number"] in twice["message"]
    # whoever asked for it does not approve it; the two steps are two other people
    own = error(trade.post(f"/api/v1/documents/{red['number']}/approve", headers=manager))
    assert own["code"] == "own_document"
    assert _inbox(trade) == [(red["number"], 1)]
    first = ok(trade.post(f"/api/v1/documents/{red['number']}/approve"))
    assert first["status"] == "submitted"
    assert stock(trade, "P2")[0] == "7"
    supervisor = _user(trade, "supervisor", "store_manager")
    last = ok(trade.post(f"/api/v1/documents/{red['number']}/approve", headers=supervisor))
    assert last["status"] == "approved"
    assert stock(trade, "P2")[0] == "10"
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "reversed"
    assert doctor(system) == []


def test_a_waiting_red_letter_document_is_not_edited_and_can_be_voided(
    trade: TestClient,
) -> None:
    number, manager = _approved_by_two(trade, "overage")
    red = ok(trade.post(f"/api/v1/documents/{number}/red-reverse", headers=manager), 201)["number"]
    rejected = ok(trade.post(f"/api/v1/documents/{red}/reject", json={"reason": "不必红冲"}))
    assert rejected["status"] == "draft"
    edit = trade.patch(
        f"/api/v1/documents/{red}",
        json={
            "type": "overage",
            "date": "2026-10-10",
            "warehouse": "W1",
            "lines": [{"product": "P2", "qty": "1"}],
        },
    )
    assert edit.status_code == 422
    assert edit.json()["error"]["code"] == "red_letter_final"
    act(trade, red, "void")
    assert stock(trade, "P2")[0] == "13"
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "approved"
    # voided, it no longer blocks a new request
    again = ok(trade.post(f"/api/v1/documents/{number}/red-reverse", headers=manager), 201)
    assert again["status"] == "submitted"
    assert again["number"] != red
