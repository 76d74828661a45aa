"""单据编号前缀: a company's own prefixes number the documents and payments saved from then on."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.trading.conftest import DAY, create, error, ok
from tests.integration.trading.test_approvals_api import _user


def test_new_prefixes_number_what_is_saved_next_and_old_numbers_stay(trade: TestClient) -> None:
    before = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    assert before["number"].startswith("XSDD")
    changed = ok(
        trade.put(
            "/api/v1/settings/document-prefixes",
            json={"prefixes": {"sales_order": "so", "customer_receipt": "SK"}},
        )
    )
    assert changed["prefixes"]["sales_order"] == "SO"
    assert changed["prefixes"]["purchase_order"] == "CGDD"  # left out: unchanged
    assert changed["defaults"]["sales_order"] == "XSDD"
    after = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "1", "price": "15"}])
    stamp = DAY.replace("-", "")
    assert after["number"] == f"SO{stamp}001"
    payment = {"type": "customer_receipt", "date": DAY, "partner": "C1", "amount": "5"}
    assert ok(trade.post("/api/v1/payments", json=payment), 201)["number"] == f"SK{stamp}001"
    assert ok(trade.get(f"/api/v1/documents/{before['number']}"))["number"] == before["number"]
    got = ok(trade.get("/api/v1/settings/document-prefixes"))["prefixes"]
    assert (got["sales_order"], got["customer_receipt"]) == ("SO", "SK")


def test_a_bad_or_shared_prefix_changes_nothing(trade: TestClient) -> None:
    url = "/api/v1/settings/document-prefixes"
    bad = error(trade.put(url, json={"prefixes": {"sales_order": "SO", "sales_delivery": "9X"}}))
    assert bad["code"] == "invalid_prefix"
    assert "9X" in bad["message"]
    shared = error(trade.put(url, json={"prefixes": {"sales_order": "CGRK"}}))
    assert shared["code"] == "duplicate_prefix"
    assert ok(trade.get(url))["prefixes"]["sales_order"] == "XSDD"  # nothing of either saved
    keeper = _user(trade, "keeper", "warehouse")
    assert (
        trade.put(url, json={"prefixes": {"sales_order": "SO"}}, headers=keeper).status_code == 403
    )
