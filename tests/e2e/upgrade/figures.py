"""Post a few documents, or write down every figure, through the API of whichever OpenJXC is
on ``PYTHONPATH`` — the previous release before an upgrade, this code after it.

    python figures.py URL PASSWORD OUT.json           write down every figure
    python figures.py URL PASSWORD OUT.json --post    post a few documents first

Only the versioned HTTP API is used, so one script serves every release: the upgrade test
(test_upgrade.py) runs it with the old code, upgrades the database, and runs it again.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import bootstrap
from openjxc.config import Settings
from openjxc.domain.shared import clock
from openjxc.entrypoints.api.app import create_app

#: read-only endpoints whose every figure must survive an upgrade
LISTS = (
    "/api/v1/dashboard",
    "/api/v1/stock/balances?limit=500",
    "/api/v1/stock/batches?limit=500",
    "/api/v1/stock/moves?limit=500",
    "/api/v1/stock/loans?limit=500",
    "/api/v1/documents?limit=500",
    "/api/v1/payments?limit=500",
    "/api/v1/partner-ledger/balances?limit=500",
    "/api/v1/partner-ledger/entries?limit=500",
    "/api/v1/partner-ledger/aging?account=receivable",
    "/api/v1/partner-ledger/aging?account=payable",
    "/api/v1/periods",
    "/api/v1/products?limit=500",
    "/api/v1/partners?limit=500",
)


def _client(url: str, password: str) -> TestClient:
    system = bootstrap(Settings(database_url=url, secret_key="upgrade-check"))
    client = TestClient(create_app(system))
    answer = client.post("/api/v1/auth/token", json={"username": "admin", "password": password})
    answer.raise_for_status()
    client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
    client.headers["Accept-Language"] = "zh-CN"
    return client


def _ok(answer: Any) -> Any:
    if answer.status_code >= 300:
        raise SystemExit(f"{answer.request.method} {answer.request.url}: {answer.text}")
    return answer.json()


def post(client: TestClient) -> None:
    """A backdated receipt and an issue after it, both approved: moves that re-cost."""
    products = _ok(client.get("/api/v1/products?limit=500"))["data"]
    product = next(p for p in products if p["tracking"] == "none" and p["active"])
    warehouse = _ok(client.get("/api/v1/warehouses"))["data"][0]["code"]
    today = clock.today()
    for body in (
        {
            "type": "other_receipt",
            "date": (today - timedelta(days=3)).isoformat(),
            "lines": [{"product": product["code"], "qty": "7", "unit_cost": "3.217"}],
        },
        {
            "type": "other_issue",
            "date": today.isoformat(),
            "lines": [{"product": product["code"], "qty": "2"}],
        },
    ):
        created = _ok(client.post("/api/v1/documents", json={"warehouse": warehouse, **body}))
        _ok(client.post(f"/api/v1/documents/{created['number']}/approve"))


def dump(client: TestClient) -> dict[str, Any]:
    figures = {path: _ok(client.get(path)) for path in LISTS}
    codes = {
        "product": [p["code"] for p in figures["/api/v1/products?limit=500"]["data"]],
        "partner": [p["code"] for p in figures["/api/v1/partners?limit=500"]["data"]],
    }
    for report in _ok(client.get("/api/v1/reports")):
        path = f"/api/v1/reports/{report['name']}?limit=500&from=2000-01-01"
        answer = client.get(path)
        required = [d["field"] for d in answer.json().get("error", {}).get("details", [])]
        if answer.status_code == 422 and required and required[0] in codes:
            for code in codes[required[0]]:  # a report of one product or partner: each of them
                figures[f"{path}&{required[0]}={code}"] = _ok(
                    client.get(path, params={required[0]: code})
                )
        else:
            figures[path] = _ok(answer)
    return figures


if __name__ == "__main__":
    database_url, admin_password, out = sys.argv[1:4]
    api = _client(database_url, admin_password)
    if "--post" in sys.argv[4:]:
        post(api)
    Path(out).write_text(json.dumps(dump(api), ensure_ascii=False, indent=1), encoding="utf-8")
