"""GET /doctor: the ledger checks over the API, for administrators only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import update

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System


def test_the_doctor_reports_a_cache_that_disagrees_with_the_ledger(
    client: TestClient, system: System
) -> None:
    client.post("/api/v1/organisations", json={"code": "HQ", "name": "总部"})
    client.post("/api/v1/warehouses", json={"code": "W1", "name": "W1", "organisation": "HQ"})
    client.post("/api/v1/products", json={"code": "P1", "name": "吐司", "base_unit": "个"})
    doc = client.post(
        "/api/v1/documents",
        json={
            "type": "opening_stock",
            "date": "2026-10-10",
            "warehouse": "W1",
            "lines": [{"product": "P1", "qty": "5", "unit_cost": "2"}],
        },
    ).json()
    assert client.post(f"/api/v1/documents/{doc['number']}/approve").status_code == 200
    assert client.get("/api/v1/doctor").json() == {"ok": True, "problems": []}

    with system.engine.begin() as connection:  # a cache edited behind the ledger's back
        connection.execute(
            update(inventory.stock_balance).values(on_hand=inventory.stock_balance.c.on_hand * 2)
        )
    report = client.get("/api/v1/doctor").json()
    assert report["ok"] is False
    assert any("balance" in problem for problem in report["problems"]), report


def test_only_administrators_may_run_the_doctor(
    anonymous: TestClient, client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    assert anonymous.get("/api/v1/doctor").status_code == 401
    keeper = headers_for("warehouse")
    refused = client.get("/api/v1/doctor", headers=keeper)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
