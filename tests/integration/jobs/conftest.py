"""A head office (central warehouse CW) and a store S01 (store warehouse SW), staff of every
role (the store manager sees only S01), a product with levels in both warehouses, a
supplier and a customer; and a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.entrypoints.jobs import registry
from openjxc.services import users

PASSWORD = "Staff-pass-1"
TODAY = date(2026, 11, 20)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


class FakeClock:
    """``clock.now()``/``clock.today()`` fixed where a test puts them."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", fake.now)
    monkeypatch.setattr(clock, "today", fake.today)
    return fake


@pytest.fixture
def shop(client: TestClient, system: System, fake_clock: FakeClock) -> TestClient:
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/organisations", {"code": "HQ", "name": "总部", "kind": "headquarters"}),
        ("/api/v1/organisations", {"code": "S01", "name": "徐汇店", "parent": "HQ"}),
        ("/api/v1/warehouses", {"code": "CW", "name": "中央仓", "organisation": "HQ"}),
        ("/api/v1/warehouses", {"code": "SW", "name": "徐汇店仓", "organisation": "S01"}),
        ("/api/v1/products", {"code": "P1", "name": "吐司", "base_unit": "个"}),
        (
            "/api/v1/products",
            {
                "code": "CREAM",
                "name": "淡奶油",
                "base_unit": "盒",
                "tracking": "batch",
                "shelf_life_days": 30,
            },
        ),
        ("/api/v1/partners", {"code": "S1", "name": "面粉供应商", "kind": "supplier"}),
        ("/api/v1/partners", {"code": "C1", "name": "绿洲超市", "kind": "customer"}),
    ]
    for path, body in requests:
        ok(client.post(path, json=body), 201)
    for warehouse in ("CW", "SW"):
        body = {"warehouse": warehouse, "safety_stock": "10", "max_stock": "100"}
        ok(client.put("/api/v1/products/P1/stock-settings", json=body))
    with system.read_sessions() as session:
        from sqlalchemy import select

        from openjxc.adapters.db.tables import catalog

        store = session.scalar(
            select(catalog.organisation.c.id).where(catalog.organisation.c.code == "S01")
        )
    staff = [
        ("keeper", ("warehouse",), {}),
        ("buyer", ("purchasing",), {}),
        ("seller", ("sales",), {}),
        ("cashier", ("finance",), {}),
        ("manager", ("store_manager",), {"organisation_ids": (store,)}),
    ]
    for name, roles, scope in staff:
        data = users.UserData(name, name, PASSWORD, roles=roles, **scope)
        users.create_user(data, Actor.system(), system.uow())
    registry.ensure_jobs(system)
    return client


Stock = Callable[..., str]


@pytest.fixture
def stock(shop: TestClient) -> Stock:
    """Post an approved stock document: ``stock("other_receipt", "SW", "P1", "5")``."""

    def post(
        kind: str, warehouse: str, product: str, qty: str, day: date = TODAY, **line: Any
    ) -> str:
        body = {
            "type": kind,
            "date": day.isoformat(),
            "warehouse": warehouse,
            "lines": [{"product": product, "qty": qty, "unit_cost": "2", **line}],
        }
        if kind == "other_issue":
            body["reason"] = "sample"
        doc = ok(shop.post("/api/v1/documents", json=body), 201)
        ok(shop.post(f"/api/v1/documents/{doc['number']}/approve"))
        return str(doc["number"])

    return post


@pytest.fixture
def as_user(shop: TestClient) -> Iterator[Callable[[str], dict[str, str]]]:
    def headers(name: str) -> dict[str, str]:
        response = shop.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
        return {"Authorization": f"Bearer {ok(response)['access_token']}"}

    return headers


def inbox(system: System, username: str) -> list[str]:
    """The titles of a user's notifications, newest first."""
    from sqlalchemy import select

    from openjxc.adapters.db.tables import access, jobs

    n, r, u = jobs.notification, jobs.notification_recipient, access.user_account
    with system.read_sessions() as session:
        return list(
            session.scalars(
                select(n.c.title)
                .join(r, r.c.notification_id == n.c.id)
                .join(u, u.c.id == r.c.user_id)
                .where(u.c.username == username)
                .order_by(n.c.id.desc())
            )
        )


def run(system: System, name: str) -> str:
    outcome = registry.run(system, name, "test-worker")
    assert outcome.run_id is not None
    assert outcome.error is None, outcome.error
    return outcome.result or ""
