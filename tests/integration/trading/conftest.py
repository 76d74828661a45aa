"""A trading world over the API: a head office, a warehouse, products, a supplier, a customer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.queries.ledger_checks import check_ledger

DAY = "2026-10-10"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def trade(client: TestClient) -> TestClient:
    ok(
        client.post(
            "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
        ),
        201,
    )
    ok(
        client.post(
            "/api/v1/warehouses", json={"code": "W1", "name": "主仓", "organisation": "HQ"}
        ),
        201,
    )
    products = [
        {
            "code": "P1",
            "name": "吐司",
            "base_unit": "个",
            "units": [{"name": "箱", "factor": "24"}],
            "purchase_price": "10",
            "list_price": "15",
            "tax_rate": "0.13",
        },
        {
            "code": "P2",
            "name": "面粉",
            "base_unit": "袋",
            "purchase_price": "100",
            "list_price": "150",
            "tax_rate": "0.09",
            "valuation_method": "fifo",
        },
    ]
    for product in products:
        ok(client.post("/api/v1/products", json=product), 201)
    ok(
        client.post(
            "/api/v1/partners",
            json={"code": "S1", "name": "供应商", "kind": "supplier", "payment_terms_days": 30},
        ),
        201,
    )
    ok(
        client.post(
            "/api/v1/partners",
            json={"code": "C1", "name": "客户", "kind": "customer", "payment_terms_days": 15},
        ),
        201,
    )
    return client


def create(
    client: TestClient,
    type: str,
    partner: str,
    lines: list[dict[str, Any]] | None = None,
    **body: Any,
) -> Any:
    payload = {"type": type, "date": DAY, "warehouse": "W1", "partner": partner, **body}
    if lines is not None:
        payload["lines"] = lines
    return ok(client.post("/api/v1/documents", json=payload), 201)


def act(client: TestClient, number: str, action: str, status: int = 200) -> Any:
    return ok(client.post(f"/api/v1/documents/{number}/{action}"), status)


def entries(client: TestClient, partner: str) -> list[dict[str, Any]]:
    return ok(client.get("/api/v1/partner-ledger/entries", params={"partner": partner}))["data"]  # type: ignore[no-any-return]


def balance(client: TestClient, partner: str, account: str) -> str:
    rows = ok(
        client.get(
            "/api/v1/partner-ledger/balances", params={"partner": partner, "account": account}
        )
    )["data"]
    return rows[0]["balance"] if rows else "0.00"


def stock(client: TestClient, product: str) -> tuple[str, str]:
    rows = ok(client.get("/api/v1/stock/balances", params={"product": product}))["data"]
    return (rows[0]["on_hand"], rows[0]["value"]) if rows else ("0", "0.00")


def doctor(system: System) -> list[str]:
    with system.read_sessions() as session:
        return check_ledger(session)


def error(response: Any, status: int = 422) -> Any:
    assert response.status_code == status, response.text
    return response.json()["error"]
