"""Purchase to pay end to end, with discounts, and a supplier statement checked by hand."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, balance, create, doctor, ok, stock


def test_purchase_to_pay_with_discounts_and_a_statement_checked_by_hand(
    trade: TestClient, system: System
) -> None:
    order = create(
        trade,
        "purchase_order",
        "S1",
        [
            {"product": "P1", "qty": "100", "price": "10", "line_discount_rate": "0.05"},
            {"product": "P2", "qty": "10", "price": "100"},
        ],
    )
    # P1: 1000.00 less 5% = 950.00 + 123.50 tax; P2: 1000.00 + 90.00 tax
    assert order["total"] == "2163.50"
    act(trade, order["number"], "approve")
    p1_line, p2_line = (ln["id"] for ln in order["lines"])
    first = create(
        trade,
        "purchase_receipt",
        "S1",
        [{"source_line": p1_line, "qty": "60"}, {"source_line": p2_line, "qty": "10"}],
        order_discount="34.10",
    )
    # P1: 600.00 less 5% 30.00 = 570.00 + 74.10 = 644.10; P2: 1000.00 + 90.00 = 1090.00
    # 优惠 34.10 over 644.10 : 1090.00 = 12.6659… : 21.4340… → 12.67 and 21.43
    # P1: 12.67 = 11.21 (/1.13) + 1.46 → 558.79 + 72.64; P2: 21.43 = 19.66 + 1.77 → 980.34 + 88.23
    assert [(ln["order_discount_share"], ln["net_amount"], ln["tax"]) for ln in first["lines"]] == [
        ("12.67", "558.79", "72.64"),
        ("21.43", "980.34", "88.23"),
    ]
    assert first["total"] == "1700.00"
    act(trade, first["number"], "approve")
    assert (stock(trade, "P1"), stock(trade, "P2")) == (("60", "558.79"), ("10", "980.34"))
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "partial"

    second = create(trade, "purchase_receipt", "S1", from_documents=[order["number"]])
    assert [(ln["qty"], ln["net_amount"], ln["tax"]) for ln in second["lines"]] == [
        ("40", "380.00", "49.40")  # 400.00 less 5%, taxed as its own line
    ]
    act(trade, second["number"], "approve")
    act(trade, second["number"], "unapprove")  # 反审核 …
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "partial"
    act(trade, second["number"], "approve")  # … and again
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["status"] == "completed"

    ret = create(
        trade, "purchase_return", "S1", [{"source_line": first["lines"][1]["id"], "qty": "2"}]
    )
    # a fifth of the receipt line as it was charged: 196.07 + 17.65 (196.068, 17.646)
    assert [(ln["net_amount"], ln["tax"]) for ln in ret["lines"]] == [("196.07", "17.65")]
    returned = act(trade, ret["number"], "approve")
    assert returned["lines"][0]["posted_value"] == "196.07"  # the cost it came in with
    assert stock(trade, "P2") == ("8", "784.27")

    payment = ok(
        trade.post(
            "/api/v1/payments",
            json={
                "type": "supplier_payment",
                "date": "2026-10-15",
                "partner": "S1",
                "amount": "1000",
            },
        ),
        201,
    )
    paid = ok(trade.post(f"/api/v1/payments/{payment['number']}/approve", json={"mode": "auto"}))
    # the first receipt is the oldest: 1700.00 less the return's 213.72 is open, 1000.00 paid
    assert [(s["document"], s["amount"]) for s in paid["settlements"]] == [
        (first["number"], "1000.00")
    ]

    statement = ok(
        trade.get(
            "/api/v1/partner-ledger/statement",
            params={
                "partner": "S1",
                "account": "payable",
                "from": "2026-10-01",
                "to": "2026-10-31",
            },
        )
    )
    assert [(ln["number"], ln["amount"], ln["balance"]) for ln in statement["lines"]] == [
        (first["number"], "1700.00", "1700.00"),
        (second["number"], "429.40", "2129.40"),
        (second["number"], "-429.40", "1700.00"),
        (second["number"], "429.40", "2129.40"),
        (ret["number"], "-213.72", "1915.68"),
        (payment["number"], "-1000.00", "915.68"),
    ]
    assert (
        statement["opening"],
        statement["increase"],
        statement["decrease"],
        statement["closing"],
    ) == ("0.00", "2558.80", "1643.12", "915.68")
    assert balance(trade, "S1", "payable") == "915.68"
    _exports_match(trade, statement, payment["number"])
    chain = ok(trade.get(f"/api/v1/documents/{order['number']}/trace"))
    assert [n["number"] for n in chain["downstream"]] == [
        first["number"],
        second["number"],
        ret["number"],
    ]
    assert doctor(system) == []


def _exports_match(trade: TestClient, statement: dict[str, Any], last: str) -> None:
    """The exported statement carries the same figures as the API's."""
    params = {"partner": "S1", "account": "payable", "from": "2026-10-01", "to": "2026-10-31"}
    response = trade.get("/api/v1/partner-ledger/statement/export", params=params)
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["日期", "单据编号", "业务类型", "到期日", "增加", "减少", "余额", "冲回单据"]
    assert rows[1] == ["2026-10-01", "", "期初余额", "", "", "", "0.00", ""]
    balances = [row[6] for row in rows[2:-1]]
    assert balances == [line["balance"] for line in statement["lines"]]
    assert rows[-2][1] == last
    assert rows[-2][5] == "1000.00"
    assert rows[2][2] == "采购入库"
    assert rows[-2][2] == "付款单"
    assert rows[-1] == [
        "2026-10-31",
        "",
        "本期合计 / 期末余额",
        "",
        "2558.80",
        "1643.12",
        "915.68",
        "",
    ]
    xlsx = trade.get(
        "/api/v1/partner-ledger/statement/export",
        params={**params, "format": "xlsx"},
        headers={"Accept-Language": "en"},
    )
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    cells = sheet.to_python()
    assert cells[0][-2] == "Balance"
    assert (cells[2][2], cells[-2][2]) == ("Purchase receipt", "Supplier payment")
    assert [str(c) for c in cells[-1][4:7]] == ["2558.8", "1643.12", "915.68"]
