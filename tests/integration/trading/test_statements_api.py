"""Order to cash end to end with a statement (往来对账单), aging (账龄) and the trace."""

from __future__ import annotations

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, create, doctor, ok


def test_order_to_cash_with_a_statement_checked_by_hand(trade: TestClient, system: System) -> None:
    stock = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P1", "qty": "100", "unit_cost": "10"}],
            },
        ),
        201,
    )
    act(trade, stock["number"], "approve")
    opening = ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "C1", "account": "receivable", "amount": "200", "date": "2026-09-20"},
        ),
        201,
    )["number"]
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "30", "price": "15"}])
    act(trade, order["number"], "approve")
    first = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "10"}]
    )
    act(trade, first["number"], "approve")  # 169.50, due 2026-10-25
    second = create(trade, "sales_delivery", "C1", from_documents=[order["number"]])
    act(trade, second["number"], "approve")  # 339.00
    act(trade, second["number"], "unapprove")  # 反审核 …
    act(trade, second["number"], "approve")  # … and again
    ret = create(
        trade, "sales_return", "C1", [{"source_line": first["lines"][0]["id"], "qty": "4"}]
    )
    act(trade, ret["number"], "approve")  # -67.80, settled against the first delivery
    money = ok(
        trade.post(
            "/api/v1/payments",
            json={
                "type": "customer_receipt",
                "date": "2026-10-12",
                "partner": "C1",
                "amount": "300",
            },
        ),
        201,
    )
    paid = ok(trade.post(f"/api/v1/payments/{money['number']}/approve", json={"mode": "auto"}))
    assert [(s["document"], s["amount"]) for s in paid["settlements"]] == [
        (opening, "200.00"),
        (first["number"], "100.00"),  # 169.50 - 67.80 = 101.70 was open
    ]

    statement = ok(
        trade.get(
            "/api/v1/partner-ledger/statement",
            params={
                "partner": "C1",
                "account": "receivable",
                "from": "2026-10-01",
                "to": "2026-10-31",
            },
        )
    )
    assert [
        (ln["number"], ln["amount"], ln["balance"], ln["reverses"]) for ln in statement["lines"]
    ] == [
        (first["number"], "169.50", "369.50", None),
        (second["number"], "339.00", "708.50", None),
        (second["number"], "-339.00", "369.50", second["number"]),
        (second["number"], "339.00", "708.50", None),
        (ret["number"], "-67.80", "640.70", None),
        (money["number"], "-300.00", "340.70", None),
    ]
    assert (
        statement["opening"],
        statement["increase"],
        statement["decrease"],
        statement["closing"],
    ) == ("200.00", "847.50", "706.80", "340.70")
    balance = ok(trade.get("/api/v1/partner-ledger/balances", params={"partner": "C1"}))["data"][0]
    assert balance["balance"] == statement["closing"]

    aging = ok(
        trade.get(
            "/api/v1/partner-ledger/aging",
            params={"account": "receivable", "as_of": "2026-11-30", "buckets": "30,60,90"},
        )
    )
    assert aging["buckets"] == ["not_due", "1-30", "31-60", "61-90", ">90"]
    row = aging["partners"][0]
    # 1.70 left of the first delivery and 339.00 of the second, both due 2026-10-25: 36 days
    assert (row["partner"], row["buckets"]["31-60"], row["open_charges"], row["net"]) == (
        "C1",
        "340.70",
        "340.70",
        "340.70",
    )
    early = ok(
        trade.get(
            "/api/v1/partner-ledger/aging", params={"account": "receivable", "as_of": "2026-10-20"}
        )
    )
    assert early["partners"][0]["buckets"]["not_due"] == "340.70"
    bad = trade.get(
        "/api/v1/partner-ledger/aging", params={"account": "receivable", "buckets": "60,30"}
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_buckets"

    chain = ok(trade.get(f"/api/v1/documents/{order['number']}/trace"))
    assert [n["number"] for n in chain["downstream"]] == [
        first["number"],
        second["number"],
        ret["number"],
    ]
    assert [(p["number"], p["document"], p["amount"]) for p in chain["payments"]] == [
        (money["number"], first["number"], "100.00")
    ]
    back = ok(trade.get(f"/api/v1/documents/{ret['number']}/trace"))
    assert [n["number"] for n in back["upstream"]] == [first["number"], order["number"]]
    assert doctor(system) == []
