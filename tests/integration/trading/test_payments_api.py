"""AR/AP over the API: opening balances, 付款/收款 with settlement (核销), 预付, 反审核 guards."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, balance, create, doctor, entries, error, ok


def _pay(client: TestClient, amount: str, partner: str = "S1", **body: Any) -> Any:
    kind = "supplier_payment" if partner == "S1" else "customer_receipt"
    payload = {"type": kind, "date": "2026-10-12", "partner": partner, "amount": amount, **body}
    return ok(client.post("/api/v1/payments", json=payload), 201)


def _approve(client: TestClient, number: str, settle: dict[str, Any] | None = None) -> Any:
    return ok(client.post(f"/api/v1/payments/{number}/approve", json=settle or {"mode": "auto"}))


def _opening_and_receipt(trade: TestClient) -> tuple[str, str]:
    opening = ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "S1", "account": "payable", "amount": "500", "date": "2026-10-01"},
        ),
        201,
    )["number"]
    receipt = create(
        trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "10", "price": "10"}]
    )
    act(trade, receipt["number"], "approve")
    return opening, receipt["number"]


def test_opening_balances_start_the_ledger(trade: TestClient, system: System) -> None:
    opening, _ = _opening_and_receipt(trade)
    assert opening.startswith("QCD20261001")
    ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "C1", "account": "receivable", "amount": "-80", "date": "2026-10-01"},
        ),
        201,
    )
    assert balance(trade, "S1", "payable") == "613.00"
    assert balance(trade, "C1", "receivable") == "-80.00"  # 预收 at the start
    wrong = trade.post(
        "/api/v1/partner-ledger/opening",
        json={"partner": "C1", "account": "payable", "amount": "1", "date": "2026-10-01"},
    )
    assert error(wrong)["code"] == "wrong_partner_kind"
    assert doctor(system) == []


def test_a_payment_settles_oldest_first_and_partially(trade: TestClient, system: System) -> None:
    opening, receipt = _opening_and_receipt(trade)
    payment = _pay(trade, "550", method="银行转账")
    assert payment["number"] == "FKD20261012001"
    assert payment["status"] == "draft"
    paid = _approve(trade, payment["number"])
    assert [(s["document"], s["amount"]) for s in paid["settlements"]] == [
        (opening, "500.00"),
        (receipt, "50.00"),
    ]
    assert (paid["settled"], paid["unapplied"]) == ("550.00", "0.00")
    assert balance(trade, "S1", "payable") == "63.00"
    assert [(e["number"], e["open"]) for e in entries(trade, "S1")] == [
        (opening, "0.00"),
        (receipt, "63.00"),
        (payment["number"], "0.00"),
    ]
    assert doctor(system) == []


def test_paying_more_than_is_owed_needs_a_prepayment(trade: TestClient, system: System) -> None:
    _opening_and_receipt(trade)
    too_much = _pay(trade, "700")
    refused = error(trade.post(f"/api/v1/payments/{too_much['number']}/approve"))
    assert refused["code"] == "payment_exceeds_owed"
    assert ok(trade.get(f"/api/v1/payments/{too_much['number']}"))["status"] == "draft"
    assert balance(trade, "S1", "payable") == "613.00"
    prepaid = _approve(trade, _pay(trade, "700", prepayment=True)["number"])
    assert (prepaid["settled"], prepaid["unapplied"]) == ("613.00", "87.00")
    assert balance(trade, "S1", "payable") == "-87.00"  # 预付
    # a later receipt is settled from the prepayment when asked
    later = create(trade, "purchase_receipt", "S1", [{"product": "P1", "qty": "5", "price": "10"}])
    act(trade, later["number"], "approve")  # 56.50
    settled = ok(trade.post(f"/api/v1/payments/{prepaid['number']}/settle", json={"mode": "auto"}))
    assert (settled["settled"], settled["unapplied"]) == ("669.50", "30.50")
    assert balance(trade, "S1", "payable") == "-30.50"
    assert doctor(system) == []


def test_chosen_settlement_and_its_limits(trade: TestClient) -> None:
    opening, receipt = _opening_and_receipt(trade)
    payment = _pay(trade, "100")["number"]
    over = error(
        trade.post(
            f"/api/v1/payments/{payment}/approve",
            json={"mode": "chosen", "lines": [{"document": receipt, "amount": "114"}]},
        )
    )
    assert over["code"] == "settlement_exceeds_open"
    paid = _approve(
        trade, payment, {"mode": "chosen", "lines": [{"document": receipt, "amount": "80"}]}
    )
    assert [(s["document"], s["amount"]) for s in paid["settlements"]] == [(receipt, "80.00")]
    assert paid["unapplied"] == "20.00"
    again = error(
        trade.post(
            f"/api/v1/payments/{payment}/settle",
            json={"mode": "chosen", "lines": [{"document": receipt, "amount": "34"}]},
        )
    )
    assert again["code"] == "settlement_exceeds_open"  # 33.00 left open on the receipt
    done = ok(
        trade.post(
            f"/api/v1/payments/{payment}/settle",
            json={"mode": "chosen", "lines": [{"document": opening, "amount": "20"}]},
        )
    )
    assert done["unapplied"] == "0.00"


def test_a_settled_document_cannot_be_unapproved_until_the_settlement_is_undone(
    trade: TestClient, system: System
) -> None:
    _, receipt = _opening_and_receipt(trade)
    payment = _approve(trade, _pay(trade, "600")["number"])["number"]
    assert error(trade.post(f"/api/v1/payments/{payment}/unapprove"))["code"] == "document_settled"
    assert error(trade.post(f"/api/v1/documents/{receipt}/unapprove"))["code"] == "document_settled"
    undone = ok(trade.post(f"/api/v1/payments/{payment}/unsettle"))
    assert (undone["settled"], undone["unapplied"]) == ("0.00", "600.00")
    act(trade, receipt, "unapprove")
    assert ok(trade.post(f"/api/v1/payments/{payment}/unapprove"))["status"] == "draft"
    assert balance(trade, "S1", "payable") == "500.00"
    assert doctor(system) == []


def test_customer_receipts_settle_receivables(trade: TestClient, system: System) -> None:
    ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "C1", "account": "receivable", "amount": "300", "date": "2026-10-01"},
        ),
        201,
    )
    receipt = _pay(trade, "200", partner="C1", method="微信")
    assert receipt["number"] == "SKD20261012001"
    paid = _approve(trade, receipt["number"])
    assert paid["settled"] == "200.00"
    assert balance(trade, "C1", "receivable") == "100.00"
    wrong = error(
        trade.post(
            "/api/v1/payments",
            json={"type": "customer_receipt", "date": "2026-10-12", "partner": "S1", "amount": "1"},
        )
    )
    assert wrong["code"] == "wrong_partner_kind"
    assert doctor(system) == []


def test_a_draft_payment_is_edited_and_a_posted_one_is_not(
    trade: TestClient, system: System
) -> None:
    _opening_and_receipt(trade)  # S1 owes 500.00 + 113.00
    draft = _pay(trade, "50")
    url = f"/api/v1/payments/{draft['number']}"
    body = {
        "type": "supplier_payment",
        "date": "2026-10-14",
        "partner": "S1",
        "amount": "120.5",
        "method": "微信",
        "remarks": "改金额",
    }
    changed = ok(trade.patch(url, json=body))
    assert (changed["number"], changed["date"], changed["amount"], changed["method"]) == (
        draft["number"],
        "2026-10-14",
        "120.50",
        "微信",
    )
    # bad input changes nothing: a customer on a 付款单, a zero amount, another type
    for wrong, code in (
        ({"partner": "C1"}, "wrong_partner_kind"),
        ({"amount": "0"}, "not_positive"),
        ({"type": "customer_receipt"}, "field_not_editable"),
    ):
        assert error(trade.patch(url, json={**body, **wrong}))["code"] == code, wrong
    assert ok(trade.get(url))["amount"] == "120.50"
    paid = _approve(trade, draft["number"])
    assert [s["amount"] for s in paid["settlements"]] == ["120.50"]
    refused = error(trade.patch(url, json={**body, "amount": "1"}))
    assert refused["code"] == "invalid_transition"
    assert ok(trade.get(url))["amount"] == "120.50"
    assert balance(trade, "S1", "payable") == "492.50"
    assert doctor(system) == []
