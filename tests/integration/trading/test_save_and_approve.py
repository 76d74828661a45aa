"""保存并审核 / 保存并提交: saving a draft and acting on it is one use case, one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.inventory.documents import DocumentInput, LineInput
from openjxc.services.trading import dispatch
from openjxc.services.trading.documents import TradeInput, TradeLineInput
from openjxc.services.unit_of_work import UnitOfWork
from tests.integration.trading.conftest import DAY, act, create, doctor, ok

ACTOR = Actor.system()


class CountingUow:
    """The system's unit of work, counting its commits."""

    def __init__(self, inner: UnitOfWork):
        self.inner, self.commits = inner, 0

    def __enter__(self) -> CountingUow:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def commit(self) -> None:
        self.commits += 1
        self.inner.commit()


def _stocked(trade: TestClient, qty: str = "5") -> None:
    body = {
        "type": "opening_stock",
        "date": "2026-10-01",
        "warehouse": "W1",
        "lines": [{"product": "P1", "qty": qty, "unit_cost": "10"}],
    }
    act(trade, ok(trade.post("/api/v1/documents", json=body), 201)["number"], "approve")


def _issue(qty: str) -> DocumentInput:
    return DocumentInput("other_issue", dt.date.fromisoformat(DAY), "W1", [LineInput("P1", qty)])


def _delivery(qty: str) -> TradeInput:
    return TradeInput(
        "sales_delivery",
        dt.date.fromisoformat(DAY),
        "W1",
        "C1",
        [TradeLineInput(product="P1", qty=qty, price="15")],
    )


def _count(trade: TestClient, type: str) -> int:
    return int(ok(trade.get("/api/v1/documents", params={"type": type}))["count"])


@pytest.mark.parametrize(("data", "type"), [(_issue, "other_issue"), (_delivery, "sales_delivery")])
def test_saving_and_approving_commits_once(
    trade: TestClient, system: System, data: Any, type: str
) -> None:
    _stocked(trade)
    uow = CountingUow(system.uow())
    doc = dispatch.save_document(None, data("2"), ACTOR, uow, then="approve")  # type: ignore[arg-type]
    assert (doc.status.value, uow.commits) == ("approved", 1)
    assert (
        ok(trade.get("/api/v1/stock/balances", params={"product": "P1"}))["data"][0]["on_hand"]
        == "3"
    )
    assert _count(trade, type) == 1
    assert doctor(system) == []


@pytest.mark.parametrize(("data", "type"), [(_issue, "other_issue"), (_delivery, "sales_delivery")])
def test_a_new_draft_whose_approval_is_refused_is_not_saved(
    trade: TestClient, system: System, data: Any, type: str
) -> None:
    _stocked(trade)
    with pytest.raises(ValidationError) as refused:
        dispatch.save_document(None, data("7"), ACTOR, system.uow(), then="approve")
    assert refused.value.code == "insufficient_stock"
    assert _count(trade, type) == 0
    # nor was its number used: the next one takes it
    saved = dispatch.save_document(None, data("1"), ACTOR, system.uow())
    assert saved.number.endswith("001")
    assert doctor(system) == []


def test_an_edited_draft_whose_approval_is_refused_keeps_what_was_saved_before(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    draft = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "15"}])
    with pytest.raises(ValidationError):
        dispatch.save_document(draft["number"], _delivery("7"), ACTOR, system.uow(), "approve")
    after = ok(trade.get(f"/api/v1/documents/{draft['number']}"))
    assert (after["status"], after["lines"][0]["qty"], after["total"]) == ("draft", "2", "33.90")
    assert after["updated_at"] == draft["updated_at"]
    assert doctor(system) == []


def test_saving_and_submitting_commits_once(trade: TestClient, system: System) -> None:
    uow = CountingUow(system.uow())
    doc = dispatch.save_document(None, _delivery("2"), ACTOR, uow, then="submit")  # type: ignore[arg-type]
    assert (doc.status.value, uow.commits) == ("submitted", 1)
    assert ok(trade.get(f"/api/v1/documents/{doc.number}"))["status"] == "submitted"
