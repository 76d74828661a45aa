"""A keyed call whose work committed answers its retry even when the server stopped before
keeping the reply (issue #16 item 10): what the work answers is written with it, and the
reply is rendered again from the committed document, with the first status code. The work
is never done twice."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.services import idempotency
from tests.integration.trading.conftest import DAY, act, create, doctor, ok, stock

RECEIPT = {
    "type": "purchase_receipt",
    "date": DAY,
    "warehouse": "W1",
    "partner": "S1",
    "lines": [{"product": "P1", "qty": "24", "price": "10"}],
}


@pytest.fixture
def crash(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the server die after the next call's commit, before its reply is kept."""

    def die(*_: object) -> None:
        raise RuntimeError("the server died between the commit and keeping the reply")

    def arm() -> None:
        monkeypatch.setattr(idempotency, "record_reply", die)

    def disarm() -> None:
        monkeypatch.undo()

    return arm, disarm


def _count(client: TestClient) -> int:
    count: int = ok(client.get("/api/v1/documents"))["count"]
    return count


def test_a_document_created_before_a_crash_is_answered_again_not_created_again(
    trade: TestClient, crash: Any
) -> None:
    arm, disarm = crash
    key = {"Idempotency-Key": "receipt-1"}
    arm()
    first = trade.post("/api/v1/documents", json=RECEIPT, headers=key)
    assert first.status_code == 201
    disarm()
    again = trade.post("/api/v1/documents", json=RECEIPT, headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert _count(trade) == 1


def test_an_approval_before_a_crash_is_answered_again_and_posted_once(
    trade: TestClient, system: System, crash: Any
) -> None:
    arm, disarm = crash
    number = create(trade, "purchase_receipt", "S1", RECEIPT["lines"])["number"]
    key = {"Idempotency-Key": "approve-1"}
    arm()
    first = trade.post(f"/api/v1/documents/{number}/approve", headers=key)
    assert first.status_code == 200
    disarm()
    again = trade.post(f"/api/v1/documents/{number}/approve", headers=key)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.json()["status"] == "approved"
    assert stock(trade, "P1")[0] == "24"  # received once
    assert doctor(system) == []


def test_a_red_reversal_before_a_crash_answers_with_its_red_letter_document(
    trade: TestClient, crash: Any
) -> None:
    arm, disarm = crash
    number = create(trade, "purchase_receipt", "S1", RECEIPT["lines"])["number"]
    act(trade, number, "approve")
    assert trade.post("/api/v1/periods/2026-10/close").status_code == 204
    key = {"Idempotency-Key": "red-1"}
    body = {"date": "2026-11-05"}
    arm()
    first = trade.post(f"/api/v1/documents/{number}/red-reverse", json=body, headers=key)
    assert first.status_code == 201, first.text
    disarm()
    again = trade.post(f"/api/v1/documents/{number}/red-reverse", json=body, headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.json()["red_letter"] is True
    assert _count(trade) == 2
    assert stock(trade, "P1")[0] == "0"


def test_a_payment_created_before_a_crash_is_answered_again(trade: TestClient, crash: Any) -> None:
    arm, disarm = crash
    payment = {"type": "supplier_payment", "partner": "S1", "date": DAY, "amount": "50"}
    key = {"Idempotency-Key": "pay-1"}
    arm()
    first = trade.post("/api/v1/payments", json=payment, headers=key)
    assert first.status_code == 201, first.text
    disarm()
    again = trade.post("/api/v1/payments", json=payment, headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert ok(trade.get("/api/v1/payments"))["count"] == 1


def test_the_reply_rendered_again_shows_the_document_as_it_is_now(
    trade: TestClient, crash: Any
) -> None:
    # the document as it is when the retry comes (approved since), not as it was answered
    arm, disarm = crash
    key = {"Idempotency-Key": "receipt-2"}
    arm()
    first = trade.post("/api/v1/documents", json=RECEIPT, headers=key)
    disarm()
    act(trade, first.json()["number"], "approve")
    again = trade.post("/api/v1/documents", json=RECEIPT, headers=key)
    assert again.status_code == 201
    assert (again.json()["number"], again.json()["status"]) == (first.json()["number"], "approved")
    assert _count(trade) == 1
