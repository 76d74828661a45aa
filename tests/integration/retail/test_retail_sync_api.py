"""零售单/零售退货 through the sync API: figures, exactly once, the 异常单 queue, scope."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.retail.conftest import (
    doctor,
    document,
    line,
    ok,
    register,
    sale,
    send,
    stock,
)

CASH_60 = [{"method": "cash", "amount": "60"}]


def _bill() -> dict[str, object]:
    """3 toast at 11.30 and a milk at 21.80 (55.70), 抹零 0.70, paid 60 cash, 5 change."""
    return sale(
        "T1-0001",
        line("P1", "3", "11.30"),
        line("690P2", "1", "21.80"),
        rounding="0.70",
        payments=CASH_60,
        change="5",
    )


def test_a_sale_posts_stock_at_cost_and_revenue_with_tax_per_line(
    till: TestClient, shop: TestClient, system: System
) -> None:
    one = sale(
        "T1-0000",
        line("P1", "2", "11.30", discount="2.26"),
        payments=[{"method": "wechat", "amount": "20.34"}],
    )
    ack = send(till, one)["T1-0000"]
    assert ack["status"] == "posted"
    assert ack["number"].startswith("LSD20261010")
    doc = document(shop, ack["number"])
    assert doc["type"] == "retail_sale"
    assert doc["status"] == "approved"
    posted = doc["lines"][0]
    assert (posted["net_amount"], posted["tax"]) == ("18.00", "2.34")
    assert stock(shop, "P1") == ("98", "490.00")  # 2 out at cost 5
    assert doctor(system) == []


def test_rounding_and_change_leave_the_total_the_payments_cover(
    till: TestClient, shop: TestClient, system: System
) -> None:
    ack = send(till, _bill())["T1-0001"]
    assert ack["status"] == "posted", (ack["reason"], ack["message"], ack["details"])
    doc = document(shop, ack["number"])
    total = sum(Decimal(ln["net_amount"]) + Decimal(ln["tax"]) for ln in doc["lines"])
    assert total == Decimal("55.00")
    assert stock(shop, "P1") == ("97", "485.00")
    assert stock(shop, "P2") == ("9", "108.00")
    assert doctor(system) == []


def test_payments_that_do_not_add_up_go_to_the_queue(till: TestClient, shop: TestClient) -> None:
    short = sale("T1-0002", line("P1", "1", "11.30"), payments=[{"method": "cash", "amount": "10"}])
    ack = send(till, short)["T1-0002"]
    assert ack["status"] == "exception"
    assert ack["reason"] == "payments_do_not_match"
    assert stock(shop, "P1") == ("100", "500.00")


def test_credit_goes_to_the_customers_receivable(
    till: TestClient, shop: TestClient, system: System
) -> None:
    bill = sale(
        "T1-0003",
        line("P1", "2", "11.30"),
        member="C1",
        payments=[{"method": "cash", "amount": "2.60"}, {"method": "credit", "amount": "20"}],
    )
    number = send(till, bill)["T1-0003"]["number"]
    rows = ok(shop.get("/api/v1/partner-ledger/entries", params={"partner": "C1"}))["data"]
    assert [(r["number"], r["amount"]) for r in rows] == [(number, "20.00")]
    refund = {
        "id": "T1-0004",
        "kind": "return",
        "occurred_at": "2026-10-11T09:00:00+08:00",
        "store": "S1",
        "original": "T1-0003",
        "lines": [line("P1", "1", "11.30", original_line=1)],
        "payments": [{"method": "credit", "amount": "11.30"}],
    }
    ack = send(till, refund)["T1-0004"]
    assert ack["status"] == "posted", (ack["reason"], ack["message"], ack["details"])
    balance = ok(shop.get("/api/v1/partner-ledger/balances", params={"partner": "C1"}))["data"]
    assert balance[0]["balance"] == "8.70"
    assert doctor(system) == []


def test_a_return_comes_back_at_the_cost_it_left_with(
    till: TestClient, shop: TestClient, system: System
) -> None:
    number = send(till, _bill())["T1-0001"]["number"]
    first = document(shop, number)["lines"][0]  # the whole line back: what was paid for it
    paid = str(Decimal(first["net_amount"]) + Decimal(first["tax"]))
    # a later receipt at a higher cost moves the average; the return keeps its own cost
    lines = [{"product": "P1", "qty": "97", "unit_cost": "15"}]
    receipt = ok(
        shop.post(
            "/api/v1/documents",
            json={"type": "other_receipt", "date": "2026-10-10", "warehouse": "W1", "lines": lines},
        ),
        201,
    )
    ok(shop.post(f"/api/v1/documents/{receipt['number']}/approve"))
    refund = {
        "id": "T1-R1",
        "kind": "return",
        "occurred_at": "2026-10-11T09:00:00+08:00",
        "store": "S1",
        "original": "T1-0001",
        "lines": [line("P1", "3", "11.30", original_line=1)],
        "payments": [{"method": "cash", "amount": paid}],
    }
    ack = send(till, refund)["T1-R1"]
    assert ack["status"] == "posted", (ack["reason"], ack["message"], ack["details"])
    moves = ok(shop.get("/api/v1/stock/moves", params={"product": "P1"}))["data"]
    assert [m["value"] for m in moves if ack["number"] in m.values()] == ["15.00"]
    assert doctor(system) == []


def test_a_batch_sent_twice_posts_once(till: TestClient, shop: TestClient, system: System) -> None:
    batch = [
        _bill(),
        sale("T1-0005", line("P1", "1", "11.30"), payments=[{"method": "card", "amount": "11.30"}]),
    ]
    first = send(till, *batch)
    again = send(till, *batch)
    assert {a["status"] for a in first.values()} == {"posted"}
    assert {a["status"] for a in again.values()} == {"duplicate"}
    assert again["T1-0001"]["number"] == first["T1-0001"]["number"]
    assert stock(shop, "P1") == ("96", "480.00")
    assert doctor(system) == []


def test_a_batch_cut_off_and_resent_whole_posts_the_rest_once(
    till: TestClient, shop: TestClient
) -> None:
    bills = [
        sale(f"T1-1{i}", line("P1", "1", "11.30"), payments=[{"method": "cash", "amount": "11.30"}])
        for i in range(4)
    ]
    send(till, *bills[:2])  # the connection dropped after two
    acks = send(till, *bills)
    assert [acks[b["id"]]["status"] for b in bills] == [
        "duplicate",
        "duplicate",
        "posted",
        "posted",
    ]  # type: ignore[index]
    assert stock(shop, "P1") == ("96", "480.00")


def test_out_of_order_a_return_before_its_sale_waits_and_then_posts(
    till: TestClient, shop: TestClient, system: System
) -> None:
    refund = {
        "id": "T1-R2",
        "kind": "return",
        "occurred_at": "2026-10-11T09:00:00+08:00",
        "store": "S1",
        "original": "T1-0005",
        "lines": [line("P1", "1", "11.30", original_line=1)],
        "payments": [{"method": "card", "amount": "11.30"}],
    }
    early = send(till, refund)["T1-R2"]
    assert early["status"] == "exception"
    assert early["reason"] == "original_not_posted"
    send(
        till,
        sale("T1-0005", line("P1", "1", "11.30"), payments=[{"method": "card", "amount": "11.30"}]),
    )
    assert stock(shop, "P1") == ("100", "500.00")  # sold and returned
    assert send(till, refund)["T1-R2"]["status"] == "duplicate"
    assert ok(shop.get("/api/v1/retail/exceptions"))["count"] == 0
    assert doctor(system) == []


def test_a_failing_transaction_is_queued_and_the_rest_post_then_retry_posts_it_once(
    till: TestClient, shop: TestClient, system: System
) -> None:
    too_many = sale(
        "T1-0006", line("P2", "11", "21.80"), payments=[{"method": "cash", "amount": "239.80"}]
    )
    unknown = sale("T1-0007", line("NOPE", "1", "1"), payments=[{"method": "cash", "amount": "1"}])
    fine = sale(
        "T1-0008", line("P1", "1", "11.30"), payments=[{"method": "cash", "amount": "11.30"}]
    )
    acks = send(till, too_many, unknown, fine)
    assert acks["T1-0006"]["reason"] == "insufficient_stock"
    assert acks["T1-0007"]["status"] == "exception"
    assert acks["T1-0008"]["status"] == "posted"
    queue = ok(shop.get("/api/v1/retail/exceptions"))
    assert queue["count"] == 2
    queued = next(e for e in queue["data"] if e["client_id"] == "T1-0006")
    assert queued["payload"]["lines"][0]["qty"] == "11"
    assert queued["message"]
    # still short: refused, and the queue says so
    refused = shop.post(f"/api/v1/retail/exceptions/{queued['id']}/retry")
    assert refused.status_code == 422
    lines = [{"product": "P2", "qty": "1", "unit_cost": "12"}]
    receipt = ok(
        shop.post(
            "/api/v1/documents",
            json={"type": "other_receipt", "date": "2026-10-01", "warehouse": "W1", "lines": lines},
        ),
        201,
    )
    ok(shop.post(f"/api/v1/documents/{receipt['number']}/approve"))
    done = ok(shop.post(f"/api/v1/retail/exceptions/{queued['id']}/retry"))
    assert done["status"] == "posted"
    assert done["document"].startswith("LSD")
    assert done["attempts"] == 3
    again = ok(shop.post(f"/api/v1/retail/exceptions/{queued['id']}/retry"))
    assert again["document"] == done["document"]
    assert send(till, too_many)["T1-0006"] == {
        **send(till, too_many)["T1-0006"],
        "status": "duplicate",
    }
    assert stock(shop, "P2") == ("0", "0.00")
    assert doctor(system) == []


def test_a_terminal_cannot_post_to_another_store(
    till: TestClient, shop: TestClient, app: object
) -> None:
    other = sale(
        "T1-0009", line("P1", "1", "11.30"), payments=[{"method": "cash", "amount": "11.30"}]
    )
    other["store"] = "S2"
    refused = till.post("/api/v1/sync/retail", json={"transactions": [other]})
    assert refused.status_code == 404
    assert stock(shop, "P1") == ("100", "500.00")
    assert till.get("/api/v1/retail/exceptions").status_code == 403


def test_a_store_manager_sees_only_their_stores_queue(
    till: TestClient, shop: TestClient, app: object
) -> None:
    send(
        till, sale("T1-0010", line("NOPE", "1", "1"), payments=[{"method": "cash", "amount": "1"}])
    )
    queued = ok(shop.get("/api/v1/retail/exceptions"))["data"][0]
    stores = {o["code"]: o["id"] for o in ok(shop.get("/api/v1/organisations"))["data"]}
    ok(
        shop.post(
            "/api/v1/users",
            json={
                "username": "mgr2",
                "password": "Manager-pass-2",
                "roles": ["store_manager"],
                "organisation_ids": [stores["S2"]],
            },
        ),
        201,
    )
    token = ok(
        shop.post("/api/v1/auth/token", json={"username": "mgr2", "password": "Manager-pass-2"})
    )["access_token"]
    other = {"Authorization": f"Bearer {token}"}
    assert ok(shop.get("/api/v1/retail/exceptions", headers=other))["count"] == 0
    missing = shop.post(f"/api/v1/retail/exceptions/{queued['id']}/retry", headers=other)
    assert missing.status_code == 404


def test_a_second_terminal_keeps_its_own_transaction_ids(
    till: TestClient, shop: TestClient, app: object
) -> None:
    token = register(shop, "T2")
    with TestClient(app) as second:  # type: ignore[arg-type]
        second.headers["Authorization"] = f"Bearer {token}"
        same_id = sale(
            "T1-0001", line("P1", "1", "11.30"), payments=[{"method": "cash", "amount": "11.30"}]
        )
        assert send(second, same_id)["T1-0001"]["status"] == "posted"
    assert send(till, same_id)["T1-0001"]["status"] == "posted"
    assert stock(shop, "P1") == ("98", "490.00")
