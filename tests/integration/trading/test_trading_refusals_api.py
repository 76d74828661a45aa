"""Bad input on trading documents gets a clear error and changes nothing (issue 4's list:
a short delivery names each line, a posted document is not edited, a closed month is shut)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import DAY, act, balance, create, doctor, error, ok


def _stocked(trade: TestClient, p1: str = "5", p2: str = "1") -> None:
    lines = [
        {"product": "P1", "qty": p1, "unit_cost": "10"},
        {"product": "P2", "qty": p2, "unit_cost": "100"},
    ]
    opening = ok(
        trade.post(
            "/api/v1/documents",
            json={"type": "opening_stock", "date": "2026-10-01", "warehouse": "W1", "lines": lines},
        ),
        201,
    )
    act(trade, opening["number"], "approve")


def _stock(trade: TestClient) -> list[tuple[str, str, str]]:
    rows = ok(trade.get("/api/v1/stock/balances"))["data"]
    return sorted((r["product"], r["on_hand"], r["value"]) for r in rows)


def _body(_: dict[str, Any], qty: str) -> dict[str, Any]:
    return {
        "type": "sales_delivery",
        "date": DAY,
        "warehouse": "W1",
        "partner": "C1",
        "lines": [{"product": "P1", "qty": qty, "price": "15"}],
    }


def test_a_delivery_beyond_stock_names_every_short_line_and_posts_nothing(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    before = _stock(trade)
    delivery = create(
        trade,
        "sales_delivery",
        "C1",
        [
            {"product": "P1", "qty": "8", "price": "15"},
            {"product": "P2", "qty": "1", "price": "150"},
            {"product": "P2", "qty": "2", "price": "150"},
        ],
    )
    refused = error(trade.post(f"/api/v1/documents/{delivery['number']}/approve"))
    assert refused["code"] == "insufficient_stock", refused
    short = [
        (d["line_no"], d["product"], d["requested"], d["available"]) for d in refused["details"]
    ]
    # line 2 takes the one P2 there is, so line 3 finds none
    assert sorted(short) == [(1, "P1", "8", "5"), (3, "P2", "2", "0")]
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "draft"
    assert _stock(trade) == before
    assert balance(trade, "C1", "receivable") == "0.00"
    assert doctor(system) == []


def test_a_posted_delivery_cannot_be_edited(trade: TestClient, system: System) -> None:
    _stocked(trade)
    delivery = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "15"}])
    act(trade, delivery["number"], "approve")
    refused = error(
        trade.patch(f"/api/v1/documents/{delivery['number']}", json=_body(delivery, "1"))
    )
    assert refused["code"] == "invalid_transition"
    after = ok(trade.get(f"/api/v1/documents/{delivery['number']}"))
    assert (after["status"], after["lines"][0]["qty"], after["total"]) == ("approved", "2", "33.90")
    assert balance(trade, "C1", "receivable") == "33.90"
    assert doctor(system) == []


def test_a_closed_month_takes_no_new_trading_document_and_no_unapproval(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    delivery = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "15"}])
    act(trade, delivery["number"], "approve")
    assert trade.post("/api/v1/periods/2026-10/close").status_code == 204
    count = ok(trade.get("/api/v1/documents"))["count"]
    for refused in (
        error(trade.post("/api/v1/documents", json=_body(delivery, "1"))),
        error(trade.post(f"/api/v1/documents/{delivery['number']}/unapprove")),
    ):
        assert refused["code"] == "period_closed", refused
        assert (
            refused["message"] == "2026-10 已结账（已结账至 2026-10），不能在该期间记账，请使用红冲"
        )
    assert ok(trade.get("/api/v1/documents"))["count"] == count
    assert ok(trade.get(f"/api/v1/documents/{delivery['number']}"))["status"] == "approved"
    assert balance(trade, "C1", "receivable") == "33.90"
    assert doctor(system) == []


def test_a_red_reversal_short_of_stock_names_the_line_product_and_warehouse(
    trade: TestClient, system: System
) -> None:
    receipt = create(
        trade,
        "purchase_receipt",
        "S1",
        [
            {"product": "P1", "qty": "2", "price": "10"},
            {"product": "P2", "qty": "3", "price": "100"},
        ],
    )
    act(trade, receipt["number"], "approve")
    delivery = create(
        trade, "sales_delivery", "C1", [{"product": "P2", "qty": "2", "price": "150"}]
    )
    act(trade, delivery["number"], "approve")
    refused = error(
        trade.post(
            f"/api/v1/documents/{receipt['number']}/red-reverse", json={"date": "2026-10-12"}
        )
    )
    assert refused["code"] == "insufficient_stock", refused
    [short] = refused["details"]
    assert (short["line_no"], short["product"], short["warehouse_name"]) == (2, "P2", "主仓")
    assert (short["date"], short["requested"], short["available"]) == ("2026-10-12", "3", "1")
    assert (
        short["message"]
        == "第 2 行：面粉（P2）在仓库 主仓（W1）2026-10-12 库存不足：需要 3 袋，可用 1 袋"
    )
    assert ok(trade.get(f"/api/v1/documents/{receipt['number']}"))["status"] == "approved"
    assert doctor(system) == []


def test_a_backdated_delivery_names_the_later_delivery_it_would_leave_short_in_english(
    trade: TestClient,
) -> None:
    _stocked(trade)  # 5 P1 on 2026-10-01
    later = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "4", "price": "15"}])
    act(trade, later["number"], "approve")
    early = create(trade, "sales_delivery", "C1", [{"product": "P1", "qty": "2", "price": "15"}])
    early_body = {**_body(early, "2"), "date": "2026-10-05"}
    ok(trade.patch(f"/api/v1/documents/{early['number']}", json=early_body))
    refused = error(
        trade.post(
            f"/api/v1/documents/{early['number']}/approve", headers={"Accept-Language": "en"}
        )
    )
    [short] = refused["details"]
    assert short["code"] == "later_move_short"
    assert not [key for key in short if key.endswith("_id")]
    assert short["message"] == (
        f"Line 1: 吐司 (P1) in warehouse 主仓 (W1) would leave line 1 of {later['number']} "
        "on 2026-10-10 short: needs 4 个, 3 个 available"
    )
