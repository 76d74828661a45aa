"""Every report on the fixed history of conftest.py, against figures worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select, text

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.domain.shared.errors import ValidationError
from tests.integration.reports.conftest import History, pick, run

OCT = {"from": "2026-10-01", "to": "2026-10-31"}
FIGURES = ("opening_qty", "opening_amount", "in_qty", "in_amount", "out_qty", "out_amount")
CLOSING = ("closing_qty", "closing_amount")


def _balanced(row: dict[str, object]) -> bool:
    """期初 + 入 − 出 = 期末, for quantity and amount, and the kinds add up to the sides."""
    ok = True
    for measure in ("qty", "amount"):
        opening, inbound, outbound, closing = (
            row[f"{p}_{measure}"] for p in ("opening", "in", "out", "closing")
        )
        ok &= opening + inbound - outbound == closing  # type: ignore[operator]
        for side in ("in", "out"):
            kinds = sum(
                row[f"{side}_{k}_{measure}"]  # type: ignore[misc]
                for k in ("purchase", "sales", "transfer", "stocktake", "other")
            )
            ok &= kinds == row[f"{side}_{measure}"]
    return ok


def test_the_october_summary_per_product_matches_the_hand_figures(history: History) -> None:
    page = run(history.system, "stock-summary", **OCT)
    assert pick(page, "product", *FIGURES, *CLOSING) == [
        ("CREAM", D(0), D("0.00"), D(8), D("86.00"), D(0), D("0.00"), D(8), D("86.00")),
        # the red-letter FIFO receipt nets out of inbound, taking back its own layer
        # (10 @ 2.00); the issue of 5 then takes the 09-05 layer at 1.00
        ("FIFO", D(20), D("30.00"), D(-10), D("-20.00"), D(5), D("5.00"), D(5), D("5.00")),
        ("MA", D(70), D("140.00"), D(110), D("372.00"), D(50), D("140.00"), D(130), D("372.00")),
    ]
    ma = page.rows[2]
    assert (ma["in_other_qty"], ma["in_other_amount"]) == (D(100), D("350.00"))
    assert (ma["in_stocktake_qty"], ma["in_stocktake_amount"]) == (D(2), D("6.00"))
    assert (ma["in_transfer_qty"], ma["in_transfer_amount"]) == (D(8), D("16.00"))
    # the 反审核'd issue of 10 (30.00) and its reversal net to nothing
    assert (ma["out_other_qty"], ma["out_other_amount"]) == (D(40), D("120.00"))
    assert (ma["out_stocktake_qty"], ma["out_stocktake_amount"]) == (D(2), D("4.00"))
    assert (ma["out_transfer_qty"], ma["out_transfer_amount"]) == (D(8), D("16.00"))
    assert ma["in_purchase_qty"] == ma["out_sales_amount"] == 0
    assert all(_balanced(row) for row in page.rows)
    assert page.totals is not None
    # CREAM counts in kg, MA and FIFO in 个: the totals row adds amounts, never quantities
    assert [page.totals[k] for k in (*FIGURES, *CLOSING)] == [
        None,
        D("170.00"),
        None,
        D("438.00"),  # FIFO's 红冲 takes back 20.00 (was counted as 10.00 before)
        None,
        D("145.00"),
        None,
        D("463.00"),  # 170.00 + 438.00 − 145.00
    ]


def test_the_summary_shows_closing_stock_in_cases_and_totals_one_unit(history: History) -> None:
    page = run(history.system, "stock-summary", product="MA", **OCT)
    # 130 个 with 1 箱 = 24 个; FIFO has no larger unit, so no second form
    assert pick(page, "closing_qty", "closing_in_units") == [(D(130), "5箱10个")]
    assert page.totals is not None
    assert (page.totals["closing_qty"], page.totals["closing_amount"]) == (D(130), D("372.00"))
    fifo = run(history.system, "stock-summary", product="FIFO", **OCT)
    assert pick(fifo, "closing_qty", "closing_in_units") == [(D(5), None)]


def test_the_summary_per_warehouse_shows_quantities_only_of_one_unit(history: History) -> None:
    """#17.7: W1 holds 个 and kg, so its row shows amounts only; W2 holds MA alone (个)."""
    page = run(history.system, "stock-summary", by="warehouse", **OCT)
    rows = {r["warehouse"]: r for r in page.rows}
    assert (rows["W1"]["base_unit"], rows["W1"]["opening_qty"], rows["W1"]["closing_qty"]) == (
        None,
        None,
        None,
    )
    assert rows["W1"]["closing_amount"] is not None
    assert (rows["W2"]["base_unit"], rows["W2"]["closing_qty"]) == ("个", D(10))
    assert page.totals is not None
    assert page.totals["closing_qty"] is None


def test_the_summary_per_product_and_warehouse_splits_the_transfers(history: History) -> None:
    page = run(history.system, "stock-summary", by="product,warehouse", product="MA", **OCT)
    assert pick(page, "warehouse", *FIGURES, *CLOSING) == [
        ("W1", D(50), D("100.00"), D(110), D("372.00"), D(40), D("120.00"), D(120), D("352.00")),
        ("W2", D(20), D("40.00"), D(0), D("0.00"), D(10), D("20.00"), D(10), D("20.00")),
    ]
    assert all(_balanced(row) for row in page.rows)


def test_a_range_across_the_closed_month_starts_from_the_ledger(history: History) -> None:
    page = run(
        history.system, "stock-summary", product="MA", **{"from": "2026-09-15", "to": "2026-10-10"}
    )
    # 09-15: W1 70/140.00; then the transfer (20 out of W1, into W2), two receipts, one issue
    assert pick(page, *FIGURES, *CLOSING) == [
        (D(70), D("140.00"), D(120), D("390.00"), D(60), D("160.00"), D(130), D("370.00"))
    ]


def test_the_summary_reads_the_closed_months_snapshot(history: History) -> None:
    """Tampering with the snapshot moves October's opening: the history before is not read."""
    with history.system.engine.begin() as connection:
        connection.execute(
            text(
                "update period_snapshot set qty = qty + 1000000 where batch_id is null and month = '2026-09'"
                " and product_id = (select id from product where code = 'MA')"
                " and warehouse_id = (select id from warehouse where code = 'W1')"
            )
        )
    october = run(history.system, "stock-summary", product="MA", **OCT)
    assert pick(october, "opening_qty", "closing_qty") == [(D(71), D(131))]
    september = run(
        history.system, "stock-summary", product="MA", **{"from": "2026-09-01", "to": "2026-09-30"}
    )
    assert pick(september, "opening_qty", "in_qty", "out_qty", "closing_qty") == [
        (D(0), D(120), D(50), D(70))
    ]


def test_the_ledger_of_one_stream_carries_its_running_balance(history: History) -> None:
    page = run(history.system, "stock-ledger", product="MA", warehouse="W1", **OCT)
    assert pick(page, "date", "in_qty", "out_qty", "amount", "balance_qty", "balance_amount") == [
        (date(2026, 10, 2), D(50), D(0), D("200.00"), D(100), D("300.00")),
        (date(2026, 10, 5), D(50), D(0), D("150.00"), D(150), D("450.00")),
        (date(2026, 10, 8), D(0), D(40), D("-120.00"), D(110), D("330.00")),
        (date(2026, 10, 15), D(0), D(10), D("-30.00"), D(100), D("300.00")),
        (date(2026, 10, 15), D(10), D(0), D("30.00"), D(110), D("330.00")),
        (date(2026, 10, 20), D(2), D(0), D("6.00"), D(112), D("336.00")),
        (date(2026, 10, 25), D(8), D(0), D("16.00"), D(120), D("352.00")),
    ]
    assert page.rows[2]["unit_cost"] == D(3)
    # the totals add ins and outs apart: 402 in, 150 out (never one netted "amount")
    assert page.totals is not None
    assert (page.totals["in_amount"], page.totals["out_amount"]) == (D("402.00"), D("150.00"))
    assert "amount" not in page.totals
    assert [r["in_amount"] - r["out_amount"] for r in page.rows] == [r["amount"] for r in page.rows]
    # the running balance is the stream's own, move by move
    m = inventory.stock_move
    with history.system.read_sessions() as session:
        stored = session.execute(
            select(m.c.qty_after, m.c.value_after)
            .where(m.c.id.in_([r["id"] for r in page.rows]))
            .order_by(m.c.date, m.c.id)
        ).all()
    assert [(r.qty_after, r.value_after) for r in stored] == pick(
        page, "balance_qty", "balance_amount"
    )


def test_the_ledger_of_a_product_over_all_warehouses_pages_in_ledger_order(
    history: History,
) -> None:
    page = run(history.system, "stock-ledger", product="MA", limit=3, offset=6, **OCT)
    assert page.count == 9
    assert pick(page, "warehouse", "balance_qty", "balance_amount") == [
        ("W1", D(130), D("372.00")),  # the count's gain of 2 in W1
        ("W2", D(122), D("356.00")),  # the transfer back: out of W2 …
        ("W1", D(130), D("372.00")),  # … into W1
    ]


def test_the_ledger_needs_a_product(history: History) -> None:
    with pytest.raises(ValidationError) as error:
        run(history.system, "stock-ledger", **OCT)
    assert error.value.code == "required"


def test_the_valuation_at_a_closed_months_end_is_its_snapshot(history: History) -> None:
    page = run(history.system, "valuation", as_of="2026-09-30", by="product,warehouse")
    assert pick(page, "product", "warehouse", "qty", "value") == [
        ("FIFO", "W1", D(20), D("30.00")),
        ("MA", "W1", D(50), D("100.00")),
        ("MA", "W2", D(20), D("40.00")),
    ]
    ps = inventory.period_snapshot
    with history.system.read_sessions() as session:
        snapshot = session.execute(
            select(ps.c.qty, ps.c.value)
            .where(ps.c.month == "2026-09", ps.c.batch_id.is_(None))
            .order_by(ps.c.product_id, ps.c.warehouse_id)
        ).all()
    assert sorted((r.qty, r.value) for r in snapshot) == sorted(pick(page, "qty", "value"))


def test_the_valuation_mid_month_by_warehouse(history: History) -> None:
    page = run(history.system, "valuation", as_of="2026-10-10", by="warehouse")
    # W1: MA 110/330.00 + FIFO 5/5.00 + CREAM 8/86.00; W2: MA 20/40.00
    # W1's row holds 个 and kg: its value only (#17.7); W2 holds one unit: its quantity too
    assert pick(page, "warehouse", "base_unit", "qty", "value") == [
        ("W1", None, None, D("421.00")),
        ("W2", "个", D(20), D("40.00")),
    ]
    # W1 holds 个 and kg: no quantity total, the value total only
    assert page.totals == {"qty": None, "value": D("461.00")}


def test_the_valuation_today_equals_the_balances(history: History) -> None:
    page = run(history.system, "valuation", by="product,warehouse")
    sb = inventory.stock_balance
    with history.system.read_sessions() as session:
        cached = session.execute(select(sb.c.on_hand, sb.c.value).where(sb.c.on_hand != 0)).all()
    assert sorted(pick(page, "qty", "value")) == sorted((r.on_hand, r.value) for r in cached)
    assert pick(page, "product", "unit_cost")[2] == ("MA", D("2.933333"))


def test_stock_by_batch_values_batches_at_the_streams_average(history: History) -> None:
    page = run(history.system, "stock-at", as_of="2026-10-31", product="CREAM")
    # 86.00 / 8 kg = 10.75 per kg
    assert pick(page, "batch", "qty", "unit_cost", "value") == [
        ("B1", D(5), D("10.75"), D("53.75")),
        ("B2", D(3), D("10.75"), D("32.25")),
    ]
    before = run(history.system, "stock-at", as_of="2026-09-30", product="CREAM")
    assert before.rows == []


def test_expiring_batches_within_n_days(history: History) -> None:
    soon = run(history.system, "expiring-batches")
    assert pick(soon, "batch", "days_left", "on_hand", "value") == [("B1", 8, D(5), D("53.75"))]
    later = run(history.system, "expiring-batches", days=100)
    assert pick(later, "batch", "days_left") == [("B1", 8), ("B2", 100)]


def test_stock_alerts_below_safety_at_reorder_and_above_maximum(history: History) -> None:
    page = run(history.system, "stock-alerts")
    assert pick(page, "product", "level", "on_hand", "shortage", "excess") == [
        ("MA", "above_max", D(120), D(0), D(20)),
        ("FIFO", "below_safety", D(5), D(5), D(0)),
        ("CREAM", "reorder", D(8), D(0), D(0)),
    ]
    assert pick(run(history.system, "stock-alerts", level="below_safety"), "product") == [("FIFO",)]


def test_turnover_and_days_of_stock(history: History) -> None:
    page = run(history.system, "turnover", **OCT)
    # MA: consumed 120.00 on an average of (140 + 372) / 2 = 256.00 → 0.46875; 31 days / that
    assert pick(
        page, "product", "consumption_amount", "average_inventory", "turnover", "days_of_stock"
    ) == [
        ("CREAM", D("0.00"), D("43.00"), D(0), None),
        # FIFO: consumed 5.00 on an average of (30.00 + 5.00) / 2 = 17.50 → 0.2857
        ("FIFO", D("5.00"), D("17.50"), D("0.2857"), D("108.50")),
        ("MA", D("120.00"), D("256.00"), D("0.4688"), D("66.13")),
    ]
    by_turnover = run(history.system, "turnover", sort="-turnover", **OCT)
    assert [r["product"] for r in by_turnover.rows] == ["MA", "FIFO", "CREAM"]


def test_abc_classes_by_consumption_value(history: History) -> None:
    page = run(history.system, "abc", **OCT)
    assert pick(page, "rank", "product", "consumption_amount", "cumulative_share", "abc_class") == [
        (1, "MA", D("120.00"), D("0.9600"), "A"),  # 120 of 125
        (2, "FIFO", D("5.00"), D("1.0000"), "C"),  # 96 % consumed before it: not below 95 %
        (3, "CREAM", D("0.00"), D("1.0000"), "C"),
    ]
    tight = run(history.system, "abc", a="0.5", b="0.6", **OCT)
    assert pick(tight, "product", "abc_class") == [("MA", "A"), ("FIFO", "C"), ("CREAM", "C")]
    with pytest.raises(ValidationError):
        run(history.system, "abc", a="0.9", b="0.8", **OCT)


def test_slow_movers_without_consumption_or_below_the_turnover_threshold(history: History) -> None:
    default = run(history.system, "slow-moving", as_of="2026-10-31")
    # over 10-02 … 10-31: FIFO turns 5.00 / 17.50 = 0.2857 (below 0.3),
    # MA 120.00 / ((140 + 372) / 2) = 0.4688
    assert pick(default, "product", "closing_amount", "reason") == [
        ("CREAM", D("86.00"), "no_movement"),
        ("FIFO", D("5.00"), "low_turnover"),
    ]
    strict = run(history.system, "slow-moving", as_of="2026-10-31", threshold="0.6")
    assert pick(strict, "product", "turnover", "reason") == [
        ("MA", D("0.4688"), "low_turnover"),
        ("CREAM", D(0), "no_movement"),
        ("FIFO", D("0.2857"), "low_turnover"),
    ]


def test_stocktake_accuracy_and_the_health_score(history: History) -> None:
    page = run(history.system, "stocktake-accuracy", **{"from": "2026-09-01", "to": "2026-10-31"})
    keys = (
        "warehouse",
        "month",
        "documents",
        "closed_documents",
        "counted_lines",
        "matched_lines",
        "accuracy",
        "gain_value",
        "loss_value",
        "health_score",
    )
    assert pick(page, *keys) == [
        # September: every document posted, no stocktake → scored on closure alone
        ("W1", "2026-09", 5, 5, 0, 0, None, D("0.00"), D("0.00"), D("100.00")),
        # the 反审核'd issue is a draft again: 6 of 7 posted; 3 of 4 counted lines agree
        # 100 × (0.4 × 6/7 + 0.4 × 0.75 + 0.2 × 1) = 84.29
        ("W1", "2026-10", 7, 6, 4, 3, D("0.75"), D("6.00"), D("0.00"), D("84.29")),
        # 100 × (0.4 × 1 + 0.4 × 0 + 0.2 × 1) = 60.00
        ("W2", "2026-10", 2, 2, 1, 0, D(0), D("0.00"), D("4.00"), D("60.00")),
    ]


def test_costs_are_hidden_without_price_read(history: History) -> None:
    viewer = Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2])))
    page = run(history.system, "stock-summary", actor=viewer, **OCT)
    assert page.rows[2]["closing_qty"] == D(130)
    assert page.rows[2]["closing_amount"] is None
    assert page.totals is not None
    assert page.totals["closing_amount"] is None


def test_a_scoped_caller_sees_only_its_warehouses(history: History) -> None:
    w = catalog.warehouse
    with history.system.read_sessions() as session:
        w2 = session.scalar(select(w.c.id).where(w.c.code == "W2"))
    scoped = Actor(None, "w2", Actor.system().permissions, warehouse_ids=frozenset({w2}))
    page = run(history.system, "stock-summary", actor=scoped, **OCT)
    assert pick(page, "product", "opening_qty", "closing_qty") == [("MA", D(20), D(10))]


def test_sorting_and_paging_with_totals_over_every_row(history: History) -> None:
    page = run(history.system, "stock-summary", sort="-closing_amount", limit=1, offset=1, **OCT)
    assert page.count == 3
    assert pick(page, "product") == [("CREAM",)]
    assert page.totals is not None
    assert page.totals["closing_amount"] == D("463.00")
    past_the_end = run(history.system, "stock-summary", offset=10, **OCT)
    assert past_the_end.rows == []
    assert past_the_end.count == 3
    assert past_the_end.totals == page.totals
    with pytest.raises(ValidationError):
        run(history.system, "stock-summary", sort="no_such_column", **OCT)
