"""审批中心's inbox: exactly the documents the approving services would let the caller act on,
filtered, counted and paged by the database (pages that cross a boundary agree with the whole)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import auth
from openjxc.services.approvals import approve_permission, check_approver
from openjxc.services.inventory.documents import get_document
from tests.integration.trading.conftest import create, ok
from tests.integration.trading.test_approvals_api import _user

USERS = ("admin", "manager", "manager2", "keeper", "buyer")


def _document(client: TestClient, headers: dict[str, str], **body: Any) -> str:
    payload = {"date": "2026-10-10", "warehouse": "W1", **body}
    number = str(ok(client.post("/api/v1/documents", headers=headers, json=payload), 201)["number"])
    ok(client.post(f"/api/v1/documents/{number}/submit", headers=headers))
    return number


@pytest.fixture
def waiting(trade: TestClient) -> dict[str, Any]:
    """Submitted documents under every kind of step, each waiting for some users and not
    others; the headers of each user."""
    heads = {"admin": {}} | {
        name: _user(trade, name, role)
        for name, role in (
            ("manager", "store_manager"),
            ("manager2", "store_manager"),
            ("keeper", "warehouse"),
            ("buyer", "purchasing"),
        )
    }
    admin_id = ok(trade.get("/api/v1/users/admin"))["id"]
    manager2_id = ok(trade.get("/api/v1/users/manager2"))["id"]
    rules = [
        {  # a large purchase order: a store manager, then the administrator
            "document_type": "purchase_order",
            "min_amount": "1000",
            "steps": [{"role": "store_manager"}, {"user_id": admin_id}],
        },
        {  # a sale below the minimum price: manager2 alone
            "document_type": "sales_order",
            "condition": "below_min_price",
            "steps": [{"user_id": manager2_id}],
        },
    ]
    for rule in rules:
        ok(trade.post("/api/v1/approval-rules", json=rule), 201)
    ok(trade.patch("/api/v1/products/P1", json={"min_sale_price": "12"}))
    buyer, keeper, manager = heads["buyer"], heads["keeper"], heads["manager"]
    big = {"type": "purchase_order", "partner": "S1"}
    numbers = []
    for qty in ("10", "11", "12"):  # 1090.00 and more
        numbers.append(
            _document(trade, buyer, **big, lines=[{"product": "P2", "qty": qty, "price": "100"}])
        )
    ok(trade.post(f"/api/v1/documents/{numbers[1]}/approve", headers=manager))  # now admin's
    small = {
        "type": "purchase_order",
        "partner": "S1",
        "lines": [{"product": "P1", "qty": "1", "price": "10"}],
    }
    numbers.append(_document(trade, buyer, **small))  # one approval by anyone who may
    loss = {"reason": "damage", "lines": [{"product": "P2", "qty": "1"}]}
    for kind, who in (("write_off", keeper), ("write_off", manager), ("overage", keeper)):
        numbers.append(_document(trade, who, type=kind, **loss))
    ok(trade.post(f"/api/v1/documents/{numbers[-1]}/approve", headers=manager))  # step 2 next
    numbers.append(_document(trade, keeper, type="other_issue", **loss))  # no steps
    cheap = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "2", "price": "11"}])
    ok(trade.post(f"/api/v1/documents/{cheap['number']}/submit"))
    numbers.append(cheap["number"])
    draft = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "1"}])
    return {"heads": heads, "numbers": numbers, "draft": draft["number"]}


def _page(client: TestClient, headers: dict[str, str], limit: int, offset: int) -> Any:
    params = {"limit": limit, "offset": offset}
    return ok(client.get("/api/v1/approvals/inbox", headers=headers, params=params))


def _service_allows(system: System, username: str, number: str) -> bool:
    """What approving or rejecting would say, without doing it."""
    actor = auth.actor_for_username(username, system.uow())
    with system.uow() as uow:
        doc = get_document(uow, number)
        if doc.status is not Status.SUBMITTED or not actor.can(approve_permission(doc.type)):
            return False
        if not actor.sees_document(doc):
            return False
        try:
            check_approver(uow, doc, actor)
        except ValidationError:
            return False
        return True


def test_the_inbox_lists_what_the_approving_services_allow(
    trade: TestClient, system: System, waiting: dict[str, Any]
) -> None:
    numbers = [*waiting["numbers"], waiting["draft"]]
    expected = {
        "admin": {1, 3, 4, 5, 6, 7},  # not a store manager's step, nor manager2's
        "manager": {0, 2, 3, 4, 7},  # not their own write-off nor a second step after theirs
        "manager2": {0, 2, 3, 4, 5, 6, 7, 8},
        "keeper": set(),  # no approve permission
        "buyer": set(),
    }
    for name in USERS:
        found = _page(trade, waiting["heads"][name], 100, 0)
        listed = [item["number"] for item in found["data"]]
        allowed = [n for n in numbers if _service_allows(system, name, n)]
        assert listed == allowed, name  # oldest first, like the documents were made
        assert listed == [waiting["numbers"][i] for i in sorted(expected[name])], name
        assert found["count"] == len(listed)


def test_the_inbox_pages_cross_their_boundaries_and_keep_the_whole_count(
    trade: TestClient, waiting: dict[str, Any]
) -> None:
    for name in ("admin", "manager2"):
        headers = waiting["heads"][name]
        whole = _page(trade, headers, 100, 0)
        assert whole["count"] >= 6
        for size in (1, 2, 3):
            pages = [_page(trade, headers, size, start) for start in range(0, 10, size)]
            assert {page["count"] for page in pages} == {whole["count"]}
            joined = [item for page in pages for item in page["data"]]
            assert joined == whole["data"], (name, size)
            assert all(len(page["data"]) <= size for page in pages)
        beyond = _page(trade, headers, 2, whole["count"])
        assert beyond == {"data": [], "count": whole["count"]}
        last = _page(trade, headers, 2, whole["count"] - 1)
        assert [i["number"] for i in last["data"]] == [whole["data"][-1]["number"]]


def test_each_page_shows_its_documents_steps_and_totals_as_the_whole_list_does(
    trade: TestClient, waiting: dict[str, Any]
) -> None:
    whole = _page(trade, {}, 100, 0)["data"]
    shown = {i["number"]: (i["step"], i["steps"], i["total"], i["value"]) for i in whole}
    numbers = waiting["numbers"]
    assert shown[numbers[1]] == (2, 2, "1199.00", None)  # 11 × 100 + 9% tax, at step 2 of 2
    assert shown[numbers[3]] == (1, 1, "11.30", None)  # small: one approval
    assert shown[numbers[4]][:3] == (1, 2, None)  # a write-off: two steps, no total
    assert shown[numbers[6]][:3] == (2, 2, None)  # the overage's second step
    for start in range(len(whole)):
        (item,) = _page(trade, {}, 1, start)["data"]
        assert item == whole[start]
