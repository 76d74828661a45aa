"""The reports over HTTP: JSON pages, headers in the caller's language, streamed exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import users
from tests.conftest import login
from tests.integration.reports.conftest import History, Traded

OCT = {"from": "2026-10-01", "to": "2026-10-31"}


def test_a_report_page_has_columns_rows_count_and_totals(
    history: History, client: TestClient
) -> None:
    response = client.get(
        "/api/v1/reports/stock-summary", params={**OCT, "sort": "-closing_amount", "limit": 2}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "进销存汇总表"
    assert body["count"] == 3
    assert [r["product"] for r in body["data"]] == ["MA", "CREAM"]
    assert body["data"][0]["closing_amount"] == "372.00"
    assert body["data"][0]["closing_qty"] == "130"
    assert body["totals"]["closing_amount"] == "463.00"
    labels = {c["key"]: c["label"] for c in body["columns"]}
    assert labels["opening_qty"] == "期初数量"
    assert "warehouse" not in labels


def test_headers_follow_accept_language(history: History, client: TestClient) -> None:
    response = client.get(
        "/api/v1/reports/stock-summary",
        params={**OCT, "by": "warehouse"},
        headers={"Accept-Language": "en"},
    )
    labels = {c["key"]: c["label"] for c in response.json()["columns"]}
    assert labels["opening_qty"] == "Opening qty"
    assert labels["warehouse"] == "Warehouse"


def test_bad_filters_are_refused_in_the_callers_language(
    history: History, client: TestClient
) -> None:
    reversed_range = client.get(
        "/api/v1/reports/stock-summary", params={"from": "2026-10-31", "to": "2026-10-01"}
    )
    assert reversed_range.status_code == 422
    assert reversed_range.json()["error"]["code"] == "date_range_reversed"
    unknown = client.get("/api/v1/reports/stock-summary", params={"product": "NOPE"})
    assert unknown.json()["error"]["code"] == "unknown_reference"
    bad_sort = client.get("/api/v1/reports/stock-summary", params={"sort": "drop table"})
    assert bad_sort.status_code == 422


def test_csv_export_streams_every_row_with_translated_headers(
    history: History, client: TestClient
) -> None:
    response = client.get(
        "/api/v1/reports/stock-ledger/export", params={**OCT, "product": "MA", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["日期", "单据编号", "单据类型"]
    assert len(rows) == 1 + 9 + 1  # the header, the moves, 合计
    balance = rows[0].index("结存金额")
    assert rows[-2][balance] == "372.00"
    screen = client.get("/api/v1/reports/stock-ledger", params={**OCT, "product": "MA"}).json()
    total = rows[-1]
    assert total[0] == "合计"
    for key in ("in_qty", "out_qty", "in_amount", "out_amount"):
        label = next(c["label"] for c in screen["columns"] if c["key"] == key)
        assert total[rows[0].index(label)] == screen["totals"][key]
    assert total[balance] == ""  # a balance is not summed


def test_xlsx_export_opens_with_the_same_figures(history: History, client: TestClient) -> None:
    response = client.get(
        "/api/v1/reports/stock-summary/export",
        params={**OCT, "format": "xlsx"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    header = rows[0]
    assert header[0] == "Product"
    assert "Closing amount" in header
    closing = header.index("Closing amount")
    assert [(r[0], r[closing]) for r in rows[1:]] == [
        ("CREAM", 86.0),
        ("FIFO", 5.0),
        ("MA", 372.0),
        ("Total", 463.0),  # the screen's totals row ends the file
    ]


def test_reports_need_the_report_permission(history: History, client: TestClient) -> None:
    users.create_user(
        users.UserData("clerk", "clerk", "Clerk-pass-1", roles=("viewer",)),
        Actor.system(),
        history.system.uow(),
    )
    headers = login(client, "clerk", "Clerk-pass-1")
    page = client.get("/api/v1/reports/stock-summary", params=OCT, headers=headers)
    assert page.status_code == 200
    assert page.json()["data"][0]["closing_amount"] is None  # no price.read
    token = client.post(
        "/api/v1/tokens",
        json={"name": "stock only", "permissions": ["stock.read"]},
        headers=headers,
    )
    assert token.status_code == 201, token.text
    narrow = {"Authorization": f"Bearer {token.json()['token']}"}
    refused = client.get("/api/v1/reports/stock-summary", params=OCT, headers=narrow)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"


def test_the_dashboard_reports_stock_and_alerts_and_no_sales_without_trading(
    history: History, client: TestClient
) -> None:
    response = client.get("/api/v1/dashboard")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["trading_available"] is True
    assert body["amounts_include_tax"] is False  # net line amounts, as 销售统计
    today = body["periods"]["today"]
    assert today["stock_value"] == "463.00"
    assert today["sales"] == "0.00"
    assert (today["gross_margin"], today["purchases"], today["receipts"]) == ("0.00",) * 3
    assert body["stores"] == []  # no store sold or bought anything
    assert body["alerts"]["overdue_purchase_orders"] == body["alerts"]["overdue_receivables"] == 0
    assert {p["sales"] for p in body["sales_trend"]} == {"0.00"}
    assert body["top_sellers"] == []  # nothing sold this month
    assert set(body["periods"]) == {"today", "yesterday", "month", "year"}
    assert body["alerts"]["below_safety_stock"] == 1
    assert body["alerts"]["expiring_batches"] == 1
    assert len(body["sales_trend"]) == 30
    # the history ends in October: nothing moved this month (the tests run later than that)
    month = body["periods"]["month"]
    assert (month["inbound_amount"], month["stock_value"]) == ("0.00", "463.00")
    # this year: consumed MA 60.00 (Sept) + 120.00 (Oct), FIFO 5.00 (its 红冲 takes back its own layer); never a transfer
    assert body["periods"]["year"]["consumption_amount"] == "185.00"


def test_the_dashboard_with_trading_as_of_october_31(
    traded: Traded, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 10, 31))
    body = client.get("/api/v1/dashboard").json()
    month = body["periods"]["month"]
    # hand figures in test_trade_reports.py::test_the_dashboard_on_the_last_day_of_october
    assert (month["sales"], month["gross_margin"], month["purchases"], month["receipts"]) == (
        "290.00",
        "96.00",
        "390.00",
        "100.00",
    )
    assert body["periods"]["yesterday"]["sales"] == "-30.00"
    assert body["alerts"]["overdue_purchase_orders"] == 1
    assert body["alerts"]["overdue_receivables_amount"] == "114.70"
    assert body["stores"][0]["organisation"] == "HQ"
    assert body["sales_trend"][-4]["sales"] == "220.00"  # 10-28
    assert body["sales_trend"][-4]["gross_margin"] == "86.00"
    assert body["top_sellers"][0] == {
        "product": "KG",
        "product_name": "面粉",
        "base_unit": "kg",
        "qty": "45",
        "sales": "250.00",
        "gross_margin": "70.00",
        "margin_rate": "28",
    }


def test_sales_detail_exports_with_document_numbers(traded: Traded, client: TestClient) -> None:
    response = client.get("/api/v1/reports/sales-detail/export", params={**OCT, "format": "csv"})
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:2] == ["日期", "单据编号"]
    assert "毛利" in header
    margin = header.index("毛利")
    assert [(r[1], r[margin]) for r in rows[1:]] == [
        (traded.numbers["d1"], "60.00"),
        (traded.numbers["d1"], "26.00"),
        (traded.numbers["d2"], "20.00"),
        (traded.numbers["sr1"], "-10.00"),
        ("", "96.00"),  # 合计, under 日期
    ]
    assert rows[-1][0] == "合计"


def test_aging_columns_follow_the_buckets_and_export_to_xlsx(
    traded: Traded, client: TestClient
) -> None:
    page = client.get(
        "/api/v1/reports/receivable-aging",
        params={"as_of": "2026-10-31", "buckets": "7,30"},
        headers={"Accept-Language": "en"},
    ).json()
    labels = [c["label"] for c in page["columns"]]
    assert labels[:5] == [
        "Customer",
        "Customer name",
        "Not due",
        "Overdue 1-7 days",
        "Overdue 8-30 days",
    ]
    assert [(r["partner"], r["d1_7"]) for r in page["data"]] == [("C1", "114.70"), ("C2", "0.00")]
    bad = client.get("/api/v1/reports/receivable-aging", params={"buckets": "abc"})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_buckets"
    sheet = client.get(
        "/api/v1/reports/receivable-aging/export",
        params={"as_of": "2026-10-31", "format": "xlsx"},
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(sheet.content)).get_sheet_by_index(0)
    assert [r[0] for r in rows.to_python()[1:]] == ["C1", "C2", "合计"]


def test_the_statistics_refuse_a_grouping_they_do_not_offer(
    traded: Traded, client: TestClient
) -> None:
    refused = client.get("/api/v1/reports/sales-statistics", params={"by": "batch"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_choice"
    nobody = client.get("/api/v1/reports/sales-statistics", params={"salesperson": "nobody"})
    assert nobody.status_code == 422
    assert "业务员" in nobody.json()["error"]["message"]
    offered = client.get("/api/v1/reports/stock-summary", params={"by": "partner"})
    assert offered.status_code == 422
    assert "汇总方式" in offered.json()["error"]["message"]
    by_store = client.get(
        "/api/v1/reports/sales-statistics", params={**OCT, "by": "organisation"}
    ).json()
    assert [(r["organisation"], r["net_amount"]) for r in by_store["data"]] == [("HQ", "290.00")]


def test_a_statement_export_without_a_partner_is_refused_before_streaming(
    traded: Traded, client: TestClient
) -> None:
    response = client.get("/api/v1/reports/payable-statement/export", params={"format": "csv"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "required"
    rows = client.get(
        "/api/v1/reports/payable-statement/export",
        params={**OCT, "partner": "S1", "format": "csv"},
    )
    lines = list(csv.reader(io.StringIO(rows.content.decode("utf-8-sig"))))
    # opening, R1 485.90, PR1 −45.20
    assert [line[-2] for line in lines[1:-1]] == ["0.00", "485.90", "440.70"]
    assert [line[2] for line in lines[1:-1]] == ["期初余额", "采购入库", "采购退货"]  # not codes
    assert lines[-1][0] == "合计"  # then the screen's totals: increase and decrease


def test_a_report_says_which_period_it_ran_for_also_when_it_chose_it(
    history: History, client: TestClient
) -> None:
    chosen = client.get("/api/v1/reports/stock-summary").json()
    today = clock.today()
    assert chosen["date_from"] == today.replace(day=1).isoformat()
    assert chosen["date_to"] == today.isoformat()
    assert chosen["as_of"] is None  # a period report has no balance date
    given = client.get("/api/v1/reports/stock-summary", params={"to": "2026-10-20"}).json()
    assert (given["date_from"], given["date_to"]) == ("2026-10-01", "2026-10-20")
    balance = client.get("/api/v1/reports/valuation").json()
    assert balance["as_of"] == today.isoformat()
    assert balance["date_from"] is None


def test_a_report_filter_names_the_records_an_ambiguous_text_matches(
    history: History, client: TestClient
) -> None:
    response = client.get("/api/v1/reports/stock-ledger", params={"product": "m"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "ambiguous_reference"
    codes = error["details"][0]["codes"]
    assert {"MA", "CREAM"} <= set(codes)  # both codes hold an M (others may by name or 拼音)
    assert codes == sorted(codes)
    assert "MA" in error["message"]
    only = client.get("/api/v1/reports/stock-ledger", params={"product": "crea"})
    assert only.status_code == 200  # the one product whose code holds it
