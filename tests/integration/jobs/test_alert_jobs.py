"""The alert jobs on both databases: a rule fires once when its line is crossed, re-arms
after recovery and fires again; each firing reaches the roles it names within their scope."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.jobs.conftest import TODAY, FakeClock, Stock, inbox, ok, run


def test_below_safety_stock_fires_once_re_arms_after_recovery_and_fires_again(
    system: System, stock: Stock
) -> None:
    stock("other_receipt", "SW", "P1", "20")  # within 10..100 in SW; CW has none: below
    run(system, "alert_check")
    assert inbox(system, "keeper") == ["库存不足：吐司（中央仓）"]
    stock("other_issue", "SW", "P1", "15")  # 5 left: below
    run(system, "alert_check")
    run(system, "alert_check")  # still below: nothing new, however often it is checked
    assert inbox(system, "keeper") == ["库存不足：吐司（徐汇店仓）", "库存不足：吐司（中央仓）"]
    stock("other_receipt", "SW", "P1", "10")  # 15: recovered, re-armed
    run(system, "alert_check")
    assert len(inbox(system, "keeper")) == 2
    stock("other_issue", "SW", "P1", "8")  # 7: across the line again
    run(system, "alert_check")
    assert inbox(system, "keeper")[0] == "库存不足：吐司（徐汇店仓）"
    assert len(inbox(system, "keeper")) == 3


def test_a_store_manager_hears_only_of_their_own_store_s_warehouses(
    system: System, stock: Stock
) -> None:
    stock("other_receipt", "SW", "P1", "5")
    run(system, "alert_check")
    assert inbox(system, "manager") == ["库存不足：吐司（徐汇店仓）"]  # not 中央仓's
    assert sorted(inbox(system, "admin")) == sorted(
        ["库存不足：吐司（中央仓）", "库存不足：吐司（徐汇店仓）"]
    )
    assert len(inbox(system, "buyer")) == 2
    assert inbox(system, "seller") == []  # sales is not told of stock levels
    assert inbox(system, "cashier") == []


def test_above_maximum_fires_with_the_numbers_and_a_link_to_the_stock(
    system: System, stock: Stock, shop: TestClient
) -> None:
    stock("other_receipt", "SW", "P1", "150")
    run(system, "alert_check")
    rows = ok(shop.get("/api/v1/notifications"))["data"]
    above = [r for r in rows if r["kind"] == "above_max"]
    assert len(above) == 1
    assert above[0]["title"] == "库存超储：吐司（徐汇店仓）"
    assert "150 个" in above[0]["body"]
    assert "100 个" in above[0]["body"]
    assert above[0]["link"] == "/stock/balances?product=P1&warehouse=SW"


def test_a_batch_expiring_within_the_window_fires_until_it_is_sold_out(
    system: System, stock: Stock, fake_clock: FakeClock
) -> None:
    soon = (TODAY + timedelta(days=5)).isoformat()
    later = (TODAY + timedelta(days=90)).isoformat()
    stock("other_receipt", "SW", "CREAM", "4", batch="B-SOON", expiry=soon)
    stock("other_receipt", "SW", "CREAM", "4", batch="B-LATER", expiry=later)
    result = run(system, "alert_check")
    assert "batch_expiring: 1 now, 1 fired" in result
    titles = [t for t in inbox(system, "keeper") if t.startswith("批次临期")]
    assert titles == ["批次临期：淡奶油 批次 B-SOON（徐汇店仓）"]
    stock("other_issue", "SW", "CREAM", "4", batch="B-SOON")
    assert "batch_expiring: 0 now, 0 fired" in run(system, "alert_check")
    fake_clock.at += timedelta(days=61)  # B-LATER is now 29 days from expiry
    assert "batch_expiring: 1 now, 1 fired" in run(system, "alert_check")


def _purchase_order(shop: TestClient, expected: date) -> str:
    body = {
        "type": "purchase_order",
        "date": (TODAY - timedelta(days=10)).isoformat(),
        "warehouse": "SW",
        "partner": "S1",
        "expected_date": expected.isoformat(),
        "lines": [{"product": "P1", "qty": "30", "price": "2"}],
    }
    number = str(ok(shop.post("/api/v1/documents", json=body), 201)["number"])
    ok(shop.post(f"/api/v1/documents/{number}/approve"))
    return number


def test_a_purchase_order_past_its_expected_date_fires_once_for_purchasing(
    system: System, shop: TestClient
) -> None:
    late = _purchase_order(shop, TODAY - timedelta(days=3))
    _purchase_order(shop, TODAY + timedelta(days=3))  # not yet due
    assert run(system, "overdue_purchase_orders") == "purchase_order_overdue: 1 now, 1 fired"
    assert run(system, "overdue_purchase_orders") == "purchase_order_overdue: 1 now, 0 fired"
    assert inbox(system, "buyer") == [f"采购订单逾期未到货：{late}"]
    assert inbox(system, "manager") == [f"采购订单逾期未到货：{late}"]  # the store's order
    assert inbox(system, "keeper") == []
    rows = ok(shop.get("/api/v1/notifications"))["data"]
    assert rows[0]["link"] == f"/documents/{late}"
    assert "已逾期 3 天" in rows[0]["body"]


def test_a_receivable_overdue_by_more_than_the_days_set_fires_for_finance(
    system: System, shop: TestClient, stock: Stock
) -> None:
    stock("other_receipt", "SW", "P1", "50", day=TODAY - timedelta(days=50))
    body = {
        "type": "sales_delivery",
        "date": (TODAY - timedelta(days=40)).isoformat(),
        "warehouse": "SW",
        "partner": "C1",
        "lines": [{"product": "P1", "qty": "3", "price": "15"}],
    }
    number = ok(shop.post("/api/v1/documents", json=body), 201)["number"]
    ok(shop.post(f"/api/v1/documents/{number}/approve"))
    assert run(system, "overdue_receivables") == "receivable_overdue: 1 now, 1 fired"
    assert inbox(system, "cashier") == ["应收款逾期：绿洲超市"]
    assert inbox(system, "manager") == ["应收款逾期：绿洲超市"]  # S01's receivable
    assert inbox(system, "keeper") == []
    rows = ok(shop.get("/api/v1/notifications"))["data"]
    assert rows[0]["link"] == "/finance/statement?partner=C1&account=receivable"
    assert "应收款已逾期" in rows[0]["body"]
