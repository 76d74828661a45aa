"""Numbers too large to sum are refused at the door, and what is stored stays summable
(issue #16 §2, §7): lists, print views and the doctor work with the largest draft accepted
and even with an oversized one stored before the bounds existed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from openjxc.adapters.db.tables import inventory, trading
from openjxc.bootstrap import System
from openjxc.domain.shared.limits import MAX_LEDGER_VALUE, MAX_LINE_AMOUNT
from tests.conftest import ADMIN_PASSWORD
from tests.integration.trading.conftest import (
    DAY,
    act,
    balance,
    create,
    doctor,
    error,
    ok,
    stock,
)
from tests.integration.web.conftest import Browser

#: the issue's draft: each line within the stored limits, 15 of them past any 64-bit sum
HUGE_LINE = {"product": "P2", "qty": "99999", "price": "99999999999", "tax_rate": "0"}


def _receipt(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "purchase_receipt",
        "date": DAY,
        "warehouse": "W1",
        "partner": "S1",
        "lines": lines,
    }


def _count(client: TestClient) -> int:
    count: int = ok(client.get("/api/v1/documents"))["count"]
    return count


def _browser(app: FastAPI) -> Browser:
    browser = Browser(TestClient(app))
    assert browser.login("admin", ADMIN_PASSWORD).status_code == 200
    return browser


def test_the_oversized_draft_of_the_issue_is_refused_naming_every_line(
    trade: TestClient,
) -> None:
    refused = error(trade.post("/api/v1/documents", json=_receipt([HUGE_LINE] * 15)))
    assert refused["code"] == "invalid_lines"
    assert [(d["line_no"], d["code"], d["field"]) for d in refused["details"]] == [
        (no, "number_too_large", "price") for no in range(1, 16)
    ]
    assert _count(trade) == 0


def test_a_line_amount_beyond_the_bound_is_refused_though_quantity_and_price_are_within(
    trade: TestClient,
) -> None:
    line = {"product": "P2", "qty": "999999999", "price": "999999999", "tax_rate": "0"}
    refused = error(trade.post("/api/v1/documents", json=_receipt([line])))
    detail = refused["details"][0]
    assert (detail["line_no"], detail["code"], detail["field"]) == (
        1,
        "number_too_large",
        "net_amount",
    )
    assert detail["maximum"] == "10000000000000"
    assert _count(trade) == 0


def test_a_huge_quantity_at_a_huge_cost_is_a_clear_422_on_a_stock_document(
    trade: TestClient,
) -> None:
    body = {
        "type": "other_receipt",
        "date": DAY,
        "warehouse": "W1",
        "lines": [
            {"product": "P2", "qty": "1", "unit_cost": "1"},
            {"product": "P2", "qty": "100000000000", "unit_cost": "9999999"},
        ],
    }
    refused = error(trade.post("/api/v1/documents", json=body))
    assert [(d["line_no"], d["code"]) for d in refused["details"]] == [(2, "number_too_large")]
    assert _count(trade) == 0


def test_a_document_whose_lines_together_pass_the_bound_is_refused(trade: TestClient) -> None:
    half = {"product": "P2", "qty": "10000", "price": "500000000", "tax_rate": "0"}
    assert Decimal(10000) * Decimal(500000000) * 2 == MAX_LINE_AMOUNT
    line = half
    refused = error(trade.post("/api/v1/documents", json=_receipt([line, line])))
    assert (refused["code"], refused["details"][0]["field"]) == ("number_too_large", "total")
    assert _count(trade) == 0


def test_lists_printing_and_the_doctor_work_with_the_largest_documents_accepted(
    trade: TestClient, system: System, app: FastAPI
) -> None:
    largest = MAX_LINE_AMOUNT - Decimal("0.01")
    line = {"product": "P2", "qty": "10000", "price": "999999999.999999", "tax_rate": "0"}
    numbers = [create(trade, "purchase_receipt", "S1", [line])["number"] for _ in range(3)]
    act(trade, numbers[0], "approve")
    listed = ok(trade.get("/api/v1/documents", params={"type": "purchase_receipt"}))
    assert {row["total"] for row in listed["data"]} == {str(largest)}
    assert ok(trade.get("/api/v1/doctor")) == {"ok": True, "problems": []}
    browser = _browser(app)
    assert browser.get("/documents").status_code == 200
    page = browser.get(f"/print/documents/{numbers[1]}")
    assert page.status_code == 200, page.text
    assert "9999999999999.99" in page.text.replace(",", "")


def test_an_oversized_draft_stored_before_the_bounds_no_longer_breaks_lists_or_the_doctor(
    trade: TestClient, system: System, app: FastAPI
) -> None:
    line = {"product": "P2", "qty": "1", "price": "1", "tax_rate": "0"}
    number = create(trade, "purchase_receipt", "S1", [line] * 15)["number"]
    stored = Decimal("9999899999900000.01")  # what the old code accepted on each line
    ln = inventory.document_line
    with system.engine.begin() as connection:
        connection.execute(update(ln).values(net_amount=stored))
    listed = ok(trade.get("/api/v1/documents"))
    assert [row["total"] for row in listed["data"]] == [str(stored * 15)]
    assert ok(trade.get("/api/v1/documents", params={"q": number}))["count"] == 1
    assert doctor(system) == []
    assert _browser(app).get("/documents").status_code == 200


@pytest.mark.parametrize("resource", ["organisations", "users"])
@pytest.mark.parametrize("ref", [str(2**31), str(2**63), "9" * 40])
def test_an_id_beyond_an_integer_column_reads_as_not_found(
    trade: TestClient, resource: str, ref: str
) -> None:
    assert error(trade.get(f"/api/v1/{resource}/{ref}"), 404)["code"] == "not_found"


def test_an_idempotency_key_over_255_characters_is_refused_and_changes_nothing(
    trade: TestClient,
) -> None:
    body = {"code": "C9", "name": "客户9", "kind": "customer"}
    refused = error(
        trade.post("/api/v1/partners", json=body, headers={"Idempotency-Key": "k" * 256})
    )
    assert refused["code"] == "invalid_idempotency_key"
    assert trade.get("/api/v1/partners/C9").status_code == 404
    accepted = trade.post("/api/v1/partners", json=body, headers={"Idempotency-Key": "k" * 255})
    assert accepted.status_code == 201, accepted.text


@pytest.mark.parametrize("key", ["with space", "键", "tab\tinside"])
def test_an_idempotency_key_of_other_than_visible_ascii_is_refused(
    trade: TestClient, key: str
) -> None:
    body = {"code": "C9", "name": "客户9", "kind": "customer"}
    headers = {"Idempotency-Key": key.encode()}  # as a client sends it: UTF-8 bytes
    refused = error(trade.post("/api/v1/partners", json=body, headers=headers))
    assert refused["code"] == "invalid_idempotency_key"


@pytest.mark.parametrize("buckets", ["30,99999999999999999999", "30,36501", "0"])
def test_aging_buckets_beyond_a_hundred_years_are_refused(trade: TestClient, buckets: str) -> None:
    params = {"account": "receivable", "buckets": buckets}
    response = trade.get("/api/v1/partner-ledger/aging", params=params)
    assert error(response)["code"] == "invalid_buckets"


def test_aging_on_the_first_day_there_is_counts_back_no_further(trade: TestClient) -> None:
    params = {"account": "receivable", "buckets": "30,36500", "as_of": "0001-01-02"}
    assert trade.get("/api/v1/partner-ledger/aging", params=params).status_code == 200


SMALL_LINE = {"product": "P1", "qty": "1", "unit": "个", "price": "100", "tax_rate": "0"}


def test_a_posting_that_takes_a_stock_streams_value_past_the_ledger_bound_is_refused(
    trade: TestClient, system: System
) -> None:
    act(trade, create(trade, "purchase_receipt", "S1", [SMALL_LINE])["number"], "approve")
    # years of receipts at the bound, as the balance cache holds them
    with system.engine.begin() as connection:
        connection.execute(update(inventory.stock_balance).values(value=MAX_LEDGER_VALUE - 50))
    number = create(trade, "purchase_receipt", "S1", [SMALL_LINE])["number"]
    refused = error(trade.post(f"/api/v1/documents/{number}/approve"))
    detail = refused["details"][0]
    assert (detail["line_no"], detail["code"], detail["field"]) == (1, "number_too_large", "value")
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "draft"
    assert stock(trade, "P1") == ("1", str(MAX_LEDGER_VALUE - 50))


def test_a_posting_that_takes_a_partners_balance_past_the_ledger_bound_is_refused(
    trade: TestClient, system: System
) -> None:
    act(trade, create(trade, "purchase_receipt", "S1", [SMALL_LINE])["number"], "approve")
    pb = trading.partner_balance
    with system.engine.begin() as connection:
        stored = connection.execute(select(pb.c.balance)).scalar_one()
        near = (MAX_LEDGER_VALUE - 50) * (1 if stored > 0 else -1)
        connection.execute(update(pb).values(balance=near))
    shown = balance(trade, "S1", "payable")
    number = create(trade, "purchase_receipt", "S1", [SMALL_LINE])["number"]
    refused = error(trade.post(f"/api/v1/documents/{number}/approve"))
    assert (refused["code"], refused["details"][0]["field"]) == ("number_too_large", "amount")
    assert ok(trade.get(f"/api/v1/documents/{number}"))["status"] == "draft"
    assert balance(trade, "S1", "payable") == shown
