"""Search text is literal, amounts are ASCII numbers, settlement lines are not merged, and a
业务员 is named only by who may (issue #16 §13; both databases)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import login
from tests.integration.trading.conftest import DAY, act, balance, create, error, ok

PASSWORD = "Pass-word-1"
LINE = [{"product": "P1", "qty": "1", "price": "15"}]


def _user(trade: TestClient, name: str, *roles: str) -> dict[str, str]:
    body = {"username": name, "password": PASSWORD, "roles": list(roles)}
    ok(trade.post("/api/v1/users", json=body), 201)
    return login(trade, name, PASSWORD)


def test_percent_and_underscore_in_a_search_are_literal(trade: TestClient) -> None:
    percent = create(trade, "sales_order", "C1", LINE, remarks="九折 10% off")
    underscore = create(trade, "sales_order", "C1", LINE, remarks="code A_1")
    create(trade, "sales_order", "C1", LINE, remarks="plain")

    def found(q: str) -> set[str]:
        rows = ok(trade.get("/api/v1/documents", params={"q": q}))["data"]
        return {row["number"] for row in rows}

    assert found("%") == {percent["number"]}
    assert found("_") == {underscore["number"]}
    users = ok(trade.get("/api/v1/users", params={"q": "_"}))["data"]
    assert users == []  # "admin" has no underscore


def test_amounts_in_odd_digits_or_with_underscores_are_refused(trade: TestClient) -> None:
    for qty in ("1_000", "١٢", "１２", "1e3"):
        line = [{"product": "P1", "qty": qty, "price": "15"}]
        body = {
            "type": "sales_order",
            "date": DAY,
            "warehouse": "W1",
            "partner": "C1",
            "lines": line,
        }
        refused = error(trade.post("/api/v1/documents", json=body))
        assert refused["code"] == "invalid_lines"
        assert refused["details"][0]["code"] == "not_a_number", qty
    body = {"type": "customer_receipt", "date": DAY, "partner": "C1", "amount": "1_000"}
    assert error(trade.post("/api/v1/payments", json=body))["code"] == "not_a_number"
    body["amount"] = 1e3  # a JSON number in exponent form is still a number
    assert ok(trade.post("/api/v1/payments", json=body), 201)["amount"] == "1000.00"


def test_a_document_named_on_two_settlement_lines_is_refused(trade: TestClient) -> None:
    opening = {
        "type": "opening_stock",
        "date": DAY,
        "warehouse": "W1",
        "lines": [{"product": "P1", "qty": "10", "unit_cost": "10"}],
    }
    act(trade, ok(trade.post("/api/v1/documents", json=opening), 201)["number"], "approve")
    delivery = create(
        trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "100"}]
    )
    act(trade, delivery["number"], "approve")
    body = {"type": "customer_receipt", "date": DAY, "partner": "C1", "amount": "100"}
    payment = ok(trade.post("/api/v1/payments", json=body), 201)
    twice = [{"document": delivery["number"], "amount": "50"}] * 2
    refused = error(
        trade.post(
            f"/api/v1/payments/{payment['number']}/approve",
            json={"mode": "chosen", "lines": twice},
        )
    )
    assert refused["code"] == "duplicate_settlement_line"
    assert ok(trade.get(f"/api/v1/payments/{payment['number']}"))["status"] == "draft"
    assert balance(trade, "C1", "receivable") == "226.00"


def test_a_seller_names_only_themself_and_a_manager_only_sellers(trade: TestClient) -> None:
    seller = _user(trade, "seller", "sales")
    _user(trade, "other", "sales")
    _user(trade, "buyer", "purchasing")
    manager = _user(trade, "manager", "store_manager", "sales")

    def order(headers: dict[str, str], salesperson: str) -> Any:
        body = {
            "type": "sales_order",
            "date": DAY,
            "warehouse": "W1",
            "partner": "C1",
            "lines": LINE,
            "salesperson": salesperson,
        }
        return trade.post("/api/v1/documents", json=body, headers=headers)

    refused = error(order(seller, "other"))
    assert (refused["code"], refused["details"][0]["field"]) == (
        "salesperson_not_assignable",
        "salesperson",
    )
    assert ok(order(seller, "seller"), 201)["salesperson"] == "seller"
    assert ok(order(manager, "other"), 201)["salesperson"] == "other"
    assert error(order(manager, "buyer"))["code"] == "salesperson_not_assignable"
    named = ok(order(manager, "other"), 201)  # the seller edits it: the 业务员 it has stays
    edit = {"date": DAY, "warehouse": "W1", "partner": "C1", "lines": LINE, "salesperson": "other"}
    assert (
        trade.patch(
            f"/api/v1/documents/{named['number']}",
            json={"type": "sales_order", **edit},
            headers=seller,
        ).status_code
        == 200
    )
    steal = {**edit, "type": "sales_order", "salesperson": "manager"}
    assert (
        error(trade.patch(f"/api/v1/documents/{named['number']}", json=steal, headers=seller))[
            "code"
        ]
        == "salesperson_not_assignable"
    )
