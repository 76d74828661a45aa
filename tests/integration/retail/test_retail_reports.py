"""零售单/零售退货 in 销售统计, 毛利 and 销售明细, split by channel (批发/零售).

The history (store S1, warehouse W1; P1 吐司 13 % at cost 5.00, P2 牛奶 9 % at cost 12.00):

  批发 2026-10-10 销售出库 to C1: 2 × P2 at 20.00 (tax-exclusive)
        net 40.00, tax 3.60, cost 2 × 12.00 = 24.00, margin 16.00
  零售 2026-10-10 LSD T1-0001: 4 × P1 at 11.30 (tax-included) = 45.20
        net 45.20 / 1.13 = 40.00, tax 5.20, cost 4 × 5.00 = 20.00, margin 20.00
  零售 2026-10-10 LSTH T1-0002: 1 × P1 of T1-0001 back at 11.30
        net −10.00, tax −1.30, cost back −5.00, margin −5.00

  retail:    qty 3, returned qty 1, net 30.00, returned 10.00, tax 3.90, total 33.90,
             cost 15.00, margin 15.00 (50.00 %)
  wholesale: qty 2, net 40.00, tax 3.60, total 43.60, cost 24.00, margin 16.00 (40.00 %)
  together:  net 70.00, tax 7.50, cost 39.00, margin 31.00
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.retail.conftest import ok

PERIOD = {"from": "2026-10-01", "to": "2026-10-31"}


def _report(client: TestClient, name: str, **params: str) -> Any:
    return ok(client.get(f"/api/v1/reports/{name}", params={**PERIOD, **params}))


def test_sales_statistics_split_by_channel(mixed: TestClient) -> None:
    page = _report(mixed, "sales-statistics", by="channel")
    rows = {row["channel"]: row for row in page["data"]}
    assert set(rows) == {"retail", "wholesale"}
    retail, wholesale = rows["retail"], rows["wholesale"]
    assert (retail["qty"], retail["returned_qty"]) == ("3", "1")
    assert (retail["net_amount"], retail["returned_amount"]) == ("30.00", "10.00")
    assert (retail["tax"], retail["total"]) == ("3.90", "33.90")
    assert (retail["cost"], retail["gross_margin"], retail["margin_rate"]) == (
        "15.00",
        "15.00",
        "50",
    )
    assert (wholesale["net_amount"], wholesale["tax"], wholesale["cost"]) == (
        "40.00",
        "3.60",
        "24.00",
    )
    assert wholesale["gross_margin"] == "16.00"
    totals = page["totals"]
    assert (totals["net_amount"], totals["tax"]) == ("70.00", "7.50")
    assert (totals["cost"], totals["gross_margin"]) == ("39.00", "31.00")
    labels = {c["key"]: c["label"] for c in page["columns"]}
    assert labels["channel"] == "渠道"


def test_the_channel_filter_keeps_one_channel(mixed: TestClient) -> None:
    retail = _report(mixed, "sales-statistics", channel="retail")
    assert [(r["product"], r["net_amount"]) for r in retail["data"]] == [("P1", "30.00")]
    wholesale = _report(mixed, "sales-statistics", channel="wholesale")
    assert [(r["product"], r["net_amount"]) for r in wholesale["data"]] == [("P2", "40.00")]
    everything = _report(mixed, "sales-statistics")
    assert everything["totals"]["net_amount"] == "70.00"
    refused = mixed.get("/api/v1/reports/sales-statistics", params={"channel": "mail"})
    assert refused.status_code == 422


def test_the_sales_detail_lists_retail_lines_with_their_channel(mixed: TestClient) -> None:
    page = _report(mixed, "sales-detail", channel="retail")
    rows = [
        (r["type"], r["channel"], r["qty"], r["net_amount"], r["cost"], r["gross_margin"])
        for r in page["data"]
    ]
    assert sorted(rows) == [
        ("retail_return", "retail", "-1", "-10.00", "-5.00", "-5.00"),
        ("retail_sale", "retail", "4", "40.00", "20.00", "20.00"),
    ]
    every = _report(mixed, "sales-detail")
    assert {r["channel"] for r in every["data"]} == {"retail", "wholesale"}
    assert every["totals"]["gross_margin"] == "31.00"


def test_purchase_statistics_have_no_channel(mixed: TestClient) -> None:
    refused = mixed.get("/api/v1/reports/purchase-statistics", params={"by": "channel"})
    assert refused.status_code == 422
