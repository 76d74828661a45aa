"""The trade reports on the traded history of conftest.py, against figures worked out by hand.

Recap of the trading (all W1, October 2026, 13% VAT; see conftest.py):
  R1 采购入库 KG 100 @ 4.00 (400.00), FIFO 10 @ 3.00 (30.00)    PR1 退货 KG 10 (40.00)
  D1 销售出库 C1: KG 30 @ 6.00 (180.00, cost 120.00), FIFO 8 @ 5.00 (40.00, cost 14.00)
  D2 销售出库 C2: KG 20 @ 5.00 (100.00, cost 80.00)       SR1 退货 C1: KG 5 @ 6.00 (30.00, cost 20.00)
  收款 C1 100.00; D3 (C2) only submitted: in no figure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.reports.dashboard import dashboard
from tests.integration.reports.conftest import Traded, pick, run

OCT = {"from": "2026-10-01", "to": "2026-10-31"}
FIGURES = ("opening_qty", "opening_amount", "in_qty", "in_amount", "out_qty", "out_amount")
SALES = ("qty", "returned_qty", "net_amount", "returned_amount", "tax", "total")
MARGIN = ("cost", "gross_margin", "margin_rate")


def test_the_summary_puts_trading_in_the_purchase_and_sales_columns(traded: Traded) -> None:
    page = run(traded.system, "stock-summary", **OCT)
    rows = {row["product"]: row for row in page.rows}
    kg, fifo = rows["KG"], rows["FIFO"]
    # KG in: R1 100 @ 4.00 (purchase) + SR1 5 back at its cost 4.00 (sales);
    # out: PR1 10 @ 4.00 (purchase) + D1 30 + D2 20 at 4.00 (sales): closing 45 / 180.00
    assert pick(page, "product", *FIGURES, "closing_qty", "closing_amount")[2] == (
        "KG",
        D(0),
        D("0.00"),
        D(105),
        D("420.00"),
        D(60),
        D("240.00"),
        D(45),
        D("180.00"),
    )
    assert (kg["in_purchase_qty"], kg["in_purchase_amount"]) == (D(100), D("400.00"))
    assert (kg["in_sales_qty"], kg["in_sales_amount"]) == (D(5), D("20.00"))
    assert (kg["out_purchase_qty"], kg["out_purchase_amount"]) == (D(10), D("40.00"))
    assert (kg["out_sales_qty"], kg["out_sales_amount"]) == (D(50), D("200.00"))
    # FIFO: R1's 10 @ 3.00 in; D1's 8 out at 5 @ 1.00 + 3 @ 3.00 = 14.00; closing 7 @ 3.00
    assert (fifo["in_purchase_qty"], fifo["in_purchase_amount"]) == (D(10), D("30.00"))
    assert (fifo["out_sales_qty"], fifo["out_sales_amount"]) == (D(8), D("14.00"))
    assert (fifo["closing_qty"], fifo["closing_amount"]) == (D(7), D("21.00"))
    assert page.totals is not None
    # kg, 个 and the rest: the totals row adds amounts only, never quantities of two units
    assert [page.totals[k] for k in (*FIGURES, "closing_qty", "closing_amount")] == [
        None,
        D("170.00"),
        None,
        D("888.00"),  # 438.00 + 430.00 + 20.00
        None,
        D("399.00"),  # 145.00 + 40.00 + 120.00 + 14.00 + 80.00
        None,
        D("659.00"),  # 170.00 + 888.00 − 399.00
    ]
    for side, kind, amount in (
        ("in", "purchase", "430.00"),
        ("in", "sales", "20.00"),
        ("out", "purchase", "40.00"),
        ("out", "sales", "214.00"),
    ):
        assert page.totals[f"{side}_{kind}_amount"] == D(amount)


def test_turnover_nets_sales_returns_out_of_consumption(traded: Traded) -> None:
    page = run(traded.system, "turnover", product="KG", **OCT)
    # sold 200.00 at cost, 20.00 came back: consumed 180.00 (a purchase return is not consumption)
    assert pick(page, "consumption_qty", "consumption_amount") == [(D(45), D("180.00"))]


def test_sales_statistics_by_product_net_the_returns(traded: Traded) -> None:
    page = run(traded.system, "sales-statistics", **OCT)
    assert pick(page, "product", *SALES, *MARGIN) == [
        # 8 × 5.00 = 40.00, tax 5.20; cost 14.00 → margin 26.00 = 65.00 %
        ("FIFO", D(8), D(0), D("40.00"), D("0.00"), D("5.20"), D("45.20"), D("14.00"), D("26.00"), D("65.00")),
        # 30 + 20 − 5 = 45; 180.00 + 100.00 − 30.00 = 250.00; tax 23.40 + 13.00 − 3.90 = 32.50;
        # cost 120.00 + 80.00 − 20.00 = 180.00 → margin 70.00 = 28.00 %
        ("KG", D(45), D(5), D("250.00"), D("30.00"), D("32.50"), D("282.50"), D("180.00"), D("70.00"), D("28.00")),
    ]  # fmt: skip
    assert page.totals is not None
    # margin % of the totals is the ratio of the sums: 96.00 / 290.00 = 33.10 %; 个 and kg
    # are never added up
    assert [page.totals[k] for k in (*SALES, *MARGIN)] == [
        None, None, D("290.00"), D("30.00"), D("37.70"), D("327.70"), D("194.00"), D("96.00"), D("33.10")
    ]  # fmt: skip


def test_sales_statistics_by_customer_and_period(traded: Traded) -> None:
    by_customer = run(traded.system, "sales-statistics", by="partner", **OCT)
    assert pick(by_customer, "partner", "net_amount", "cost", "gross_margin", "margin_rate") == [
        # C1: D1 220.00 − SR1 30.00 = 190.00; cost 134.00 − 20.00 = 114.00; 76.00 = 40.00 %
        ("C1", D("190.00"), D("114.00"), D("76.00"), D("40.00")),
        ("C2", D("100.00"), D("80.00"), D("20.00"), D("20.00")),
    ]
    # C1 bought two products of different units: no quantity, never kg + 个 added (#17.7);
    # C2 bought one product: its quantity in its unit
    kg_unit = pick(only_one(traded, "KG"), "base_unit")[0][0]
    assert pick(by_customer, "partner", "base_unit", "qty") == [
        ("C1", None, None),
        ("C2", kg_unit, D(20)),
    ]
    by_day = run(traded.system, "sales-statistics", by="day", **OCT)
    assert pick(by_day, "day", "net_amount") == [
        ("2026-10-28", D("220.00")),
        ("2026-10-29", D("100.00")),
        ("2026-10-30", D("-30.00")),  # the return's day
    ]
    # 10-26 … 10-30 is one week (Monday 10-26) and one month
    by_week = run(traded.system, "sales-statistics", by="week,organisation", **OCT)
    assert pick(by_week, "week", "organisation", "net_amount") == [
        ("2026-10-26", "HQ", D("290.00"))
    ]
    assert pick(run(traded.system, "sales-statistics", by="month", **OCT), "month", "tax") == [
        ("2026-10", D("37.70"))
    ]
    # the documents' author is the salesperson: D2 was written by "seller", the rest by the
    # system actor (no user: no salesperson, listed last)
    by_seller = run(traded.system, "sales-statistics", by="salesperson", **OCT)
    assert pick(by_seller, "salesperson", "net_amount", "gross_margin") == [
        ("seller", D("100.00"), D("20.00")),
        (None, D("190.00"), D("76.00")),
    ]
    only_seller = run(traded.system, "sales-detail", salesperson="seller", **OCT)
    assert pick(only_seller, "number") == [(traded.numbers["d2"],)]
    only_c2 = run(traded.system, "sales-statistics", partner="C2", **OCT)
    assert pick(only_c2, "product", "qty", "net_amount") == [("KG", D(20), D("100.00"))]


def test_the_sales_detail_traces_each_line_to_its_delivery(traded: Traded) -> None:
    page = run(traded.system, "sales-detail", **OCT)
    n = traded.numbers
    assert pick(page, "number", "line_no", "product", "qty", "net_amount", "cost", "unit_cost", "gross_margin", "fifo_layers") == [
        (n["d1"], 1, "KG", D(30), D("180.00"), D("120.00"), D(4), D("60.00"), 0),
        (n["d1"], 2, "FIFO", D(8), D("40.00"), D("14.00"), D("1.75"), D("26.00"), 2),
        (n["d2"], 1, "KG", D(20), D("100.00"), D("80.00"), D(4), D("20.00"), 0),
        # a return is negative and brings its cost back: margin −10.00
        (n["sr1"], 1, "KG", D(-5), D("-30.00"), D("-20.00"), D(4), D("-10.00"), 0),
    ]  # fmt: skip
    # the detail adds up to the statistics
    assert pick(page, "source_number")[3] == (n["d1"],)  # SR1 returns D1's line
    assert page.totals is not None
    assert (page.totals["net_amount"], page.totals["cost"]) == (D("290.00"), D("194.00"))


def test_cost_layers_name_the_receipts_a_fifo_sale_consumed(traded: Traded) -> None:
    page = run(traded.system, "cost-layers", document=traded.numbers["d1"], **OCT)
    assert pick(page, "product", "source_number", "qty", "unit_cost", "value") == [
        ("FIFO", traded.numbers["fifo_1"], D(5), D(1), D("5.00")),  # the 09-05 receipt's layer
        ("FIFO", traded.numbers["r1"], D(3), D(3), D("9.00")),  # then R1's
    ]
    assert page.totals == {"qty": D(8), "value": D("14.00")}


def test_purchase_statistics_and_detail(traded: Traded) -> None:
    page = run(traded.system, "purchase-statistics", **OCT)
    assert pick(page, "product", *SALES) == [
        ("FIFO", D(10), D(0), D("30.00"), D("0.00"), D("3.90"), D("33.90")),
        # R1 100 @ 4.00 = 400.00 (52.00) less PR1 10 (40.00, 5.20)
        ("KG", D(90), D(10), D("360.00"), D("40.00"), D("46.80"), D("406.80")),
    ]
    assert "cost" not in page.rows[0]
    by_supplier = run(traded.system, "purchase-statistics", by="partner,month", **OCT)
    assert pick(by_supplier, "month", "partner", "net_amount", "total") == [
        ("2026-10", "S1", D("390.00"), D("440.70"))  # = the payable after PR1: 485.90 − 45.20
    ]
    detail = run(traded.system, "purchase-detail", **OCT)
    n = traded.numbers
    assert pick(detail, "number", "source_number", "product", "qty", "total") == [
        (n["r1"], n["po1"], "KG", D(100), D("452.00")),  # R1 received PO1
        (n["r1"], n["po1"], "FIFO", D(10), D("33.90")),
        (n["pr1"], n["r1"], "KG", D(-10), D("-45.20")),  # PR1 returned R1's goods
    ]


def test_margins_are_hidden_without_price_read(traded: Traded) -> None:
    viewer = Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2])))
    page = run(traded.system, "sales-statistics", actor=viewer, **OCT)
    assert page.rows[1]["net_amount"] == D("250.00")
    assert (
        page.rows[1]["cost"] is page.rows[1]["gross_margin"] is page.rows[1]["margin_rate"] is None
    )
    assert page.totals is not None
    assert page.totals["margin_rate"] is None


def test_what_was_paid_for_goods_is_hidden_without_price_read(traded: Traded) -> None:
    for role in ("warehouse", "sales"):
        actor = Actor(None, role, frozenset(map(str, BUILTIN_ROLES[role][2])))
        assert actor.can("report.read")
        assert not actor.can("price.read")
        for name in ("purchase-detail", "purchase-statistics"):
            page = run(traded.system, name, actor=actor, **OCT)
            assert page.rows
            assert all(r["qty"] is not None for r in page.rows)
            money = ("net_amount", "tax", "total")
            assert all(r[k] is None for r in page.rows for k in money), (role, name)
        with traded.system.read_sessions() as session:
            body = dashboard(session, actor, date(2026, 10, 31))
        assert body["periods"]["month"]["purchases"] is None
        assert all(s["periods"]["month"]["purchases"] is None for s in body["stores"])
        assert body["periods"]["month"]["sales"] == D("290.00")  # a sale's money is not a cost
    admin = run(traded.system, "purchase-detail", **OCT)
    assert admin.rows[0]["total"] == D("452.00")


def test_a_grouping_a_report_does_not_offer_is_refused(traded: Traded) -> None:
    with pytest.raises(ValidationError) as error:
        run(traded.system, "stock-summary", by="partner", **OCT)
    assert (error.value.code, error.value.params["field"]) == ("invalid_choice", "by")
    with pytest.raises(ValidationError) as unknown:
        run(traded.system, "sales-statistics", salesperson="nobody", **OCT)
    assert unknown.value.code == "unknown_reference"


def test_receivable_aging_in_the_callers_buckets(traded: Traded) -> None:
    page = run(traded.system, "receivable-aging", as_of="2026-10-31")
    # C1: D1 248.60 due at once (10-28), less SR1 33.90 and the 100.00 received: 114.70,
    # 3 days overdue; C2: D2 113.00 due 11-28
    assert pick(page, "partner", "not_due", "d1_30", "over_90", "net") == [
        ("C1", D(0), D("114.70"), D(0), D("114.70")),
        ("C2", D("113.00"), D(0), D(0), D("113.00")),
    ]
    assert page.totals is not None
    assert page.totals["net"] == D("227.70")
    later = run(traded.system, "payable-aging", as_of="2026-12-31", buckets="15,30")
    # R1 485.90 due 11-26, less PR1 45.20: 440.70, 35 days overdue on 12-31
    assert pick(later, "partner", "d16_30", "over_30") == [("S1", D(0), D("440.70"))]
    with pytest.raises(ValidationError) as error:
        run(traded.system, "payable-aging", buckets="60,30")
    assert error.value.code == "invalid_buckets"


def test_the_statement_of_a_customer_runs_its_balance(traded: Traded) -> None:
    page = run(traded.system, "receivable-statement", partner="C1", **OCT)
    n = traded.numbers
    assert pick(page, "date", "number", "increase", "decrease", "balance") == [
        (date(2026, 10, 1), None, None, None, D("0.00")),  # 期初
        (date(2026, 10, 28), n["d1"], D("248.60"), D(0), D("248.60")),  # 203.40 + 45.20
        (date(2026, 10, 30), n["sr1"], D(0), D("33.90"), D("214.70")),
        (date(2026, 10, 30), n["skd"], D(0), D("100.00"), D("114.70")),
    ]
    assert page.totals == {"increase": D("248.60"), "decrease": D("133.90")}
    with pytest.raises(ValidationError) as error:
        run(traded.system, "receivable-statement", **OCT)
    assert error.value.code == "required"


def test_the_dashboard_on_the_last_day_of_october(traded: Traded) -> None:
    with traded.system.read_sessions() as session:
        body = dashboard(session, Actor.system(), date(2026, 10, 31))
    assert body["trading_available"] is True
    figures = ("sales", "gross_margin", "purchases", "receipts")
    periods = body["periods"]
    assert [periods["today"][k] for k in figures] == [D(0)] * 4  # nothing posted on 10-31
    # 10-30: SR1 takes back 30.00 of sales and 10.00 of margin (30.00 − its cost 20.00);
    # C1 paid 100.00
    assert [periods["yesterday"][k] for k in figures] == [
        D("-30.00"), D("-10.00"), D(0), D("100.00")
    ]  # fmt: skip
    # October: sales 290.00 (D1 220.00 + D2 100.00 − SR1 30.00), margin 96.00,
    # purchases R1 430.00 − PR1 40.00 = 390.00; the year holds nothing else
    for name in ("month", "year"):
        assert [periods[name][k] for k in figures] == [
            D("290.00"), D("96.00"), D("390.00"), D("100.00")
        ]  # fmt: skip
    month = periods["month"]
    assert (month["inbound_amount"], month["outbound_amount"], month["stock_value"]) == (
        D("888.00"),
        D("399.00"),
        D("659.00"),
    )
    # consumed: other issues 125.00 + sales at cost 214.00 − SR1's 20.00 back = 319.00;
    # days of stock = (170.00 + 659.00) / 2 × 31 / 319.00 = 40.28
    assert (month["consumption_amount"], month["turnover_days"]) == (D("319.00"), D("40.28"))
    # the year adds September's consumption of 60.00
    assert periods["year"]["consumption_amount"] == D("379.00")
    assert body["alerts"] == {
        "below_safety_stock": 1,  # FIFO 7 < 10
        "expiring_batches": 0,  # B1 expires 8 days after the real today: > 30 days after 10-31
        "waiting_approval": 1,  # D3, submitted
        "retail_exceptions": 0,  # no 零售异常单 (the caller has retail.manage)
        "overdue_purchase_orders": 1,  # PO2 expected 10-29, nothing received
        "overdue_receivables": 1,  # C1: 114.70 due 10-28
        "overdue_receivables_amount": D("114.70"),
    }
    trend = body["sales_trend"]
    assert len(trend) == 30
    assert trend[0]["date"] == date(2026, 10, 2)
    # margin per day: 10-28 (180.00 − 120.00) + (40.00 − 14.00) = 86.00; 10-29 100.00 − 80.00;
    # 10-30 SR1 −(30.00 − 20.00)
    assert [(p["date"].day, p["sales"], p["gross_margin"]) for p in trend if p["sales"]] == [
        (28, D("220.00"), D("86.00")),
        (29, D("100.00"), D("20.00")),
        (30, D("-30.00"), D("-10.00")),
    ]
    # this month's top sellers, best first: KG 30 + 20 − 5 = 45 sold for 180.00 + 100.00 −
    # 30.00 at a cost of 120.00 + 80.00 − 20.00 = 180.00; FIFO 8 for 40.00 at 14.00
    assert [
        (t["product"], t["qty"], t["sales"], t["gross_margin"], t["margin_rate"])
        for t in body["top_sellers"]
    ] == [
        ("KG", D(45), D("250.00"), D("70.00"), D("28.00")),
        ("FIFO", D(8), D("40.00"), D("26.00"), D("65.00")),
    ]
    assert [(s["organisation"], s["periods"]["month"]) for s in body["stores"]] == [
        ("HQ", {"sales": D("290.00"), "gross_margin": D("96.00"), "purchases": D("390.00")})
    ]


def test_the_dashboard_hides_margin_and_receivables_from_a_viewer(traded: Traded) -> None:
    viewer = Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2])))
    with traded.system.read_sessions() as session:
        body = dashboard(session, viewer, date(2026, 10, 31))
    month = body["periods"]["month"]
    assert (month["sales"], month["gross_margin"], month["receipts"]) == (D("290.00"), None, None)
    assert body["alerts"]["overdue_receivables"] is None
    assert body["alerts"]["waiting_approval"] == 0  # a viewer approves nothing
    assert body["stores"][0]["periods"]["month"]["gross_margin"] is None
    assert {p["gross_margin"] for p in body["sales_trend"]} == {None}
    assert [(t["product"], t["sales"], t["gross_margin"]) for t in body["top_sellers"]] == [
        ("KG", D("250.00"), None),
        ("FIFO", D("40.00"), None),
    ]


def test_an_order_counts_as_closed_once_fully_processed(traded: Traded) -> None:
    page = run(traded.system, "stocktake-accuracy", warehouse="W1", **OCT)
    # W1 in October: the history's 7 documents (6 closed) + PO1 (completed), R1, PO2 (approved
    # but nothing received: open), PR1, D1, D2, SR1, D3 (submitted: open) → 12 of 15 closed;
    # 100 × (0.4 × 12/15 + 0.4 × 3/4 + 0.2 × 1) = 82.00
    assert pick(page, "documents", "closed_documents", "closure_rate", "health_score") == [
        (15, 12, D("0.8"), D("82.00"))
    ]


def test_the_cost_of_sales_ties_out_to_the_ledger(traded: Traded) -> None:
    sales = run(traded.system, "sales-statistics", **OCT).totals
    summary = run(traded.system, "stock-summary", **OCT).totals
    assert sales is not None
    assert summary is not None
    # what sales took out of stock, less what returns brought back: 214.00 − 20.00
    assert sales["cost"] == summary["out_sales_amount"] - summary["in_sales_amount"] == D("194.00")
    # quantities tie out per product (one unit): 50 − 5 kg of KG
    sales = run(traded.system, "sales-statistics", product="KG", **OCT).totals
    summary = run(traded.system, "stock-summary", product="KG", **OCT).totals
    assert sales is not None
    assert summary is not None
    assert sales["qty"] == summary["out_sales_qty"] - summary["in_sales_qty"] == D(45)


def test_a_caller_scoped_to_another_warehouse_sees_no_trade(traded: Traded) -> None:
    w = catalog.warehouse
    with traded.system.read_sessions() as session:
        w2 = session.scalar(select(w.c.id).where(w.c.code == "W2"))
        scoped = Actor(None, "w2", Actor.system().permissions, warehouse_ids=frozenset({w2}))
        body = dashboard(session, scoped, date(2026, 10, 31))
    assert run(traded.system, "sales-statistics", actor=scoped, **OCT).rows == []
    assert run(traded.system, "cost-layers", actor=scoped, **OCT).rows == []
    assert body["periods"]["month"]["sales"] == D(0)
    assert body["stores"] == []
    assert body["alerts"]["overdue_purchase_orders"] == 0  # PO2 is W1's


def test_overdue_orders_are_only_those_in_the_callers_warehouses(traded: Traded) -> None:
    from openjxc.queries.trading import orders

    with traded.system.read_sessions() as session:
        w = catalog.warehouse
        ids = dict(session.execute(select(w.c.code, w.c.id)).all())
        everyone, count = orders.overdue_orders(
            session, Actor.system(), "purchase_order", date(2026, 10, 31)
        )
        assert ([r["number"] for r in everyone], count) == ([traded.numbers["po2"]], 1)
        for code, expected in (("W1", 1), ("W2", 0)):
            keeper = Actor(
                None, "k", Actor.system().permissions, warehouse_ids=frozenset({ids[code]})
            )
            rows, count = orders.overdue_orders(
                session, keeper, "purchase_order", date(2026, 10, 31)
            )
            assert (len(rows), count) == (expected, expected), code
        # a page past the end still counts them
        assert orders.overdue_orders(
            session, Actor.system(), "purchase_order", date(2026, 10, 31), offset=5
        ) == ([], 1)


def only_one(traded: Traded, product: str) -> Any:
    return run(traded.system, "sales-statistics", product=product, **OCT)
