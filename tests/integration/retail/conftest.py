"""A retail world over the API: two stores with a warehouse each, products in stock, a
customer, and a terminal of store S1 signed in with its own token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.queries.ledger_checks import check_ledger

DAY = "2026-10-10"
AT = "2026-10-10T10:15:00+08:00"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def shop(client: TestClient) -> TestClient:
    """The admin's client over two stores: S1 (warehouse W1, stocked) and S2 (W2)."""
    ok(
        client.post(
            "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
        ),
        201,
    )
    for store, warehouse in (("S1", "W1"), ("S2", "W2")):
        ok(
            client.post(
                "/api/v1/organisations",
                json={"code": store, "name": f"门店{store}", "kind": "store", "parent": "HQ"},
            ),
            201,
        )
        ok(
            client.post(
                "/api/v1/warehouses",
                json={"code": warehouse, "name": f"仓{warehouse}", "organisation": store},
            ),
            201,
        )
    for code, name, rate, price in (
        ("P1", "吐司", "0.13", "11.30"),
        ("P2", "牛奶", "0.09", "21.80"),
    ):
        product = {
            "code": code,
            "name": name,
            "base_unit": "个",
            "list_price": price,
            "tax_rate": rate,
            "barcodes": [f"690{code}"],
        }
        ok(client.post("/api/v1/products", json=product), 201)
    ok(
        client.post(
            "/api/v1/partners",
            json={"code": "C1", "name": "会员张三", "kind": "customer", "payment_terms_days": 30},
        ),
        201,
    )
    lines = [
        {"product": "P1", "qty": "100", "unit_cost": "5"},
        {"product": "P2", "qty": "10", "unit_cost": "12"},
    ]
    opening = ok(
        client.post(
            "/api/v1/documents",
            json={"type": "opening_stock", "date": "2026-10-01", "warehouse": "W1", "lines": lines},
        ),
        201,
    )
    ok(client.post(f"/api/v1/documents/{opening['number']}/approve"))
    return client


def register(admin: TestClient, code: str = "T1", store: str = "S1", warehouse: str = "W1") -> str:
    made = ok(
        admin.post(
            "/api/v1/retail/terminals",
            json={"code": code, "name": f"收银台 {code}", "store": store, "warehouse": warehouse},
        ),
        201,
    )
    token: str = made["token"]
    return token


@pytest.fixture
def till(shop: TestClient, app: FastAPI) -> Iterator[TestClient]:
    """Terminal T1 of store S1, signed in with its token."""
    token = register(shop)
    with TestClient(app) as terminal:
        terminal.headers["Authorization"] = f"Bearer {token}"
        yield terminal


def sale(id: str, *lines: dict[str, Any], **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": id, "kind": "sale", "occurred_at": AT, "store": "S1"}
    body["lines"] = list(lines)
    body.update(more)
    return body


def line(product: str, qty: str, price: str, **more: Any) -> dict[str, Any]:
    return {"product": product, "qty": qty, "price": price, **more}


def send(till: TestClient, *transactions: dict[str, Any]) -> dict[str, dict[str, Any]]:
    reply = ok(till.post("/api/v1/sync/retail", json={"transactions": list(transactions)}))
    return {ack["id"]: ack for ack in reply["acks"]}


def stock(client: TestClient, product: str, warehouse: str = "W1") -> tuple[str, str]:
    rows = ok(
        client.get("/api/v1/stock/balances", params={"product": product, "warehouse": warehouse})
    )["data"]
    return (rows[0]["on_hand"], rows[0]["value"]) if rows else ("0", "0.00")


def document(client: TestClient, number: str) -> Any:
    return ok(client.get(f"/api/v1/documents/{number}"))


def doctor(system: System) -> list[str]:
    with system.read_sessions() as session:
        return check_ledger(session)


@pytest.fixture
def mixed(till: TestClient, shop: TestClient) -> TestClient:
    """The history of test_retail_reports: a delivery of 2 × P2 at 20.00 to C1, a retail
    sale of 4 × P1 at 11.30 (T1-0001) and the return of one of them (T1-0002), all on DAY."""
    body = {
        "type": "sales_delivery",
        "date": DAY,
        "warehouse": "W1",
        "partner": "C1",
        "lines": [{"product": "P2", "qty": "2", "price": "20"}],
    }
    delivery = ok(shop.post("/api/v1/documents", json=body), 201)
    ok(shop.post(f"/api/v1/documents/{delivery['number']}/approve"))
    paid = [{"method": "cash", "amount": "45.20"}]
    refund = {
        "id": "T1-0002",
        "kind": "return",
        "occurred_at": AT,
        "store": "S1",
        "original": "T1-0001",
        "lines": [line("P1", "1", "11.30", original_line=1)],
        "payments": [{"method": "cash", "amount": "11.30"}],
    }
    acks = send(till, sale("T1-0001", line("P1", "4", "11.30"), payments=paid), refund)
    assert [a["status"] for a in acks.values()] == ["posted", "posted"], acks
    return shop


def user_headers(
    admin: TestClient, username: str, roles: list[str], stores: list[str] | None = None
) -> dict[str, str]:
    """A new user with ``roles`` over ``stores`` (codes; None: every store), signed in."""
    ids = {o["code"]: o["id"] for o in ok(admin.get("/api/v1/organisations"))["data"]}
    body: dict[str, Any] = {"username": username, "password": "Some-pass-123", "roles": roles}
    if stores is not None:
        body["organisation_ids"] = [ids[s] for s in stores]
    ok(admin.post("/api/v1/users", json=body), 201)
    signed = ok(
        admin.post("/api/v1/auth/token", json={"username": username, "password": "Some-pass-123"})
    )
    return {"Authorization": f"Bearer {signed['access_token']}"}
