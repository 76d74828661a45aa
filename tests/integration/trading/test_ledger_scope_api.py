"""AR/AP by organisation: a store's staff see their store's entries, statements, aging,
balances and money; a store's money settles only the store's documents, head office's any."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.conftest import login
from tests.integration.trading.conftest import act, balance, create, doctor, error, ok

PERIOD = {"from": "2026-10-01", "to": "2026-10-31"}


def _store_with_staff(trade: TestClient) -> dict[str, str]:
    store = ok(
        trade.post(
            "/api/v1/organisations",
            json={"code": "S01", "name": "一号店", "kind": "store", "parent": "HQ"},
        ),
        201,
    )
    body = {"code": "W2", "name": "一号店仓", "organisation": "S01"}
    ok(trade.post("/api/v1/warehouses", json=body), 201)
    for warehouse in ("W1", "W2"):
        opening = ok(
            trade.post(
                "/api/v1/documents",
                json={
                    "type": "opening_stock",
                    "date": "2026-10-01",
                    "warehouse": warehouse,
                    "lines": [{"product": "P1", "qty": "100", "unit_cost": "10"}],
                },
            ),
            201,
        )
        act(trade, opening["number"], "approve")
    user = {
        "username": "cashier",
        "display_name": "一号店收银",
        "password": "Pass-word-1",
        "roles": ["finance", "store_manager"],
        "organisation_ids": [store["id"]],
    }
    ok(trade.post("/api/v1/users", json=user), 201)
    return login(trade, "cashier", "Pass-word-1")


def _delivered(trade: TestClient, warehouse: str, qty: str) -> str:
    line = {"product": "P1", "qty": qty, "price": "100"}
    delivery = create(trade, "sales_delivery", "C1", [line], warehouse=warehouse)
    act(trade, delivery["number"], "approve")
    return str(delivery["number"])


def _pay(trade: TestClient, amount: str, headers: dict[str, str]) -> Any:
    body = {"type": "customer_receipt", "date": "2026-10-12", "partner": "C1", "amount": amount}
    return ok(trade.post("/api/v1/payments", json=body, headers=headers), 201)


def test_a_store_sees_and_settles_only_its_own_receivables(
    trade: TestClient, system: System
) -> None:
    staff = _store_with_staff(trade)
    at_hq = _delivered(trade, "W1", "1")  # 113.00, the older charge
    at_store = _delivered(trade, "W2", "2")  # 226.00
    assert balance(trade, "C1", "receivable") == "339.00"

    def get(path: str, **params: str) -> Any:
        return ok(trade.get(f"/api/v1/partner-ledger/{path}", params=params, headers=staff))

    assert [e["number"] for e in get("entries", partner="C1")["data"]] == [at_store]
    assert get("balances", partner="C1")["data"][0]["balance"] == "226.00"
    statement = get("statement", partner="C1", account="receivable", **PERIOD)
    assert [ln["number"] for ln in statement["lines"]] == [at_store]
    assert (statement["opening"], statement["closing"]) == ("0.00", "226.00")
    aging = get("aging", account="receivable", as_of="2026-10-31")
    assert aging["partners"][0]["open_charges"] == "226.00"

    # the store's money settles the store's delivery, not head office's older one
    paid = _pay(trade, "200", staff)
    assert paid["organisation"] == "S01"
    approve = f"/api/v1/payments/{paid['number']}/approve"
    settled = ok(trade.post(approve, json={"mode": "auto"}, headers=staff))
    assert [(s["document"], s["amount"]) for s in settled["settlements"]] == [(at_store, "200.00")]
    # what the store is owed (26.00), not what the company is owed, bounds its money
    too_much = _pay(trade, "100", staff)
    refused = error(trade.post(f"/api/v1/payments/{too_much['number']}/approve", headers=staff))
    assert (refused["code"], "26" in refused["message"]) == ("payment_exceeds_owed", True)

    # head office's money (an unscoped caller's default) settles anyone's, oldest first
    at_head_office = _pay(trade, "139", {})
    assert at_head_office["organisation"] == "HQ"
    done = ok(trade.post(f"/api/v1/payments/{at_head_office['number']}/approve"))
    assert [(s["document"], s["amount"]) for s in done["settlements"]] == [
        (at_hq, "113.00"),
        (at_store, "26.00"),
    ]
    assert balance(trade, "C1", "receivable") == "0.00"

    # head office's money is not the store's to see or touch
    mine = ok(trade.get("/api/v1/payments", headers=staff))["data"]
    assert sorted(p["number"] for p in mine) == sorted([paid["number"], too_much["number"]])
    hidden = trade.get(f"/api/v1/payments/{at_head_office['number']}", headers=staff)
    assert hidden.status_code == 404
    unapprove = f"/api/v1/payments/{at_head_office['number']}/unapprove"
    assert trade.post(unapprove, headers=staff).status_code == 404
    assert doctor(system) == []


def test_an_opening_balance_belongs_to_the_organisation_named_or_the_callers(
    trade: TestClient,
) -> None:
    staff = _store_with_staff(trade)
    body = {"partner": "C1", "account": "receivable", "amount": "50", "date": "2026-10-01"}
    ok(trade.post("/api/v1/partner-ledger/opening", json=body, headers=staff), 201)
    ok(trade.post("/api/v1/partner-ledger/opening", json={**body, "amount": "70"}), 201)
    other = {**body, "amount": "9", "organisation": "HQ"}
    refused = trade.post("/api/v1/partner-ledger/opening", json=other, headers=staff)
    assert refused.status_code == 403
    unknown = error(
        trade.post("/api/v1/partner-ledger/opening", json={**other, "organisation": "X"})
    )
    assert unknown["code"] == "unknown_reference"
    assert "X" in unknown["message"]
    params = {"partner": "C1"}
    own = ok(trade.get("/api/v1/partner-ledger/balances", params=params, headers=staff))
    assert own["data"][0]["balance"] == "50.00"
    assert balance(trade, "C1", "receivable") == "120.00"
