"""Line discounts (折扣率/折扣额) and the order discount (整单优惠) over the API, with figures
checked by hand; the names the API retired (``discount`` …) still work for one release."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System
from tests.integration.trading.conftest import DAY, act, balance, create, doctor, error, ok


def _stocked(trade: TestClient) -> None:
    lines = [
        {"product": "P1", "qty": "100", "unit_cost": "10"},
        {"product": "P2", "qty": "10", "unit_cost": "100"},
    ]
    opening = ok(
        trade.post(
            "/api/v1/documents",
            json={"type": "opening_stock", "date": "2026-10-01", "warehouse": "W1", "lines": lines},
        ),
        201,
    )
    act(trade, opening["number"], "approve")


def _figures(line: dict[str, Any]) -> tuple[Any, ...]:
    return (line["line_discount"], line["order_discount_share"], line["net_amount"], line["tax"])


def _delivery(trade: TestClient, order_discount: str = "7.75") -> dict[str, Any]:
    lines = [
        {"product": "P1", "qty": "10", "price": "15", "line_discount_rate": "0.1"},
        {"product": "P2", "qty": "2", "price": "150", "line_discount": "20"},
    ]
    return create(trade, "sales_delivery", "C1", lines, order_discount=order_discount)  # type: ignore[no-any-return]


def test_line_discounts_and_the_order_discount_net_the_revenue_margin_and_ar(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    delivery = _delivery(trade)
    # P1: 10 × 15 = 150.00, 10% off 15.00 → 135.00, tax 13% 17.55, total 152.55
    # P2: 2 × 150 = 300.00, less 20.00 → 280.00, tax 9% 25.20, total 305.20
    # 优惠 7.75 over 152.55 : 305.20 → 2.58277… and 5.16722…: 2.58 and 5.17 (largest remainder)
    # P1's 2.58 = 2.28 off the amount (2.58 / 1.13) + 0.30 off the tax; P2's 5.17 = 4.74 + 0.43
    first, second = delivery["lines"]
    assert first["line_discount_rate"] == "0.1"
    assert _figures(first) == ("15.00", "2.58", "132.72", "17.25")
    assert _figures(second) == ("20.00", "5.17", "275.26", "24.77")
    assert (delivery["net_amount"], delivery["tax"], delivery["total"]) == (
        "407.98",
        "42.02",
        "450.00",
    )
    assert (delivery["order_discount"], delivery["total_before_order_discount"]) == (
        "7.75",
        "457.75",
    )
    approved = act(trade, delivery["number"], "approve")
    # margin net of every discount: cost 10 × 10.00 and 2 × 100.00
    assert [ln["margin"] for ln in approved["lines"]] == ["32.72", "75.26"]
    assert balance(trade, "C1", "receivable") == "450.00"
    assert doctor(system) == []


def test_returning_a_discounted_line_credits_what_it_was_charged(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    delivery = _delivery(trade)
    act(trade, delivery["number"], "approve")
    first, second = (ln["id"] for ln in delivery["lines"])
    ret = create(
        trade,
        "sales_return",
        "C1",
        [{"source_line": second, "qty": "2"}, {"source_line": first, "qty": "1"}],
    )
    # all of P2: 275.26 + 24.77 = 300.03; a tenth of P1: 13.27 + 1.73 (1.725 half up) = 15.00
    assert [(ln["net_amount"], ln["tax"]) for ln in ret["lines"]] == [
        ("275.26", "24.77"),
        ("13.27", "1.73"),
    ]
    act(trade, ret["number"], "approve")
    assert balance(trade, "C1", "receivable") == "134.97"  # 450.00 - 300.03 - 15.00
    assert doctor(system) == []


def test_a_delivery_from_an_order_takes_the_order_lines_discount_rate(trade: TestClient) -> None:
    _stocked(trade)
    order = create(
        trade,
        "sales_order",
        "C1",
        [{"product": "P1", "qty": "10", "price": "15", "line_discount_rate": "0.1"}],
    )
    act(trade, order["number"], "approve")
    delivery = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "4"}]
    )
    line = delivery["lines"][0]
    # 4 × 15 = 60.00, 10% off 6.00 → 54.00, tax 7.02: taxed as its own line
    figures = (line["line_discount_rate"], line["line_discount"], line["net_amount"], line["tax"])
    assert figures == (
        "0.1",
        "6.00",
        "54.00",
        "7.02",
    )


def test_a_discounted_purchase_receipt_stocks_at_its_net_cost(
    trade: TestClient, system: System
) -> None:
    receipt = create(
        trade,
        "purchase_receipt",
        "S1",
        [{"product": "P1", "qty": "10", "price": "10", "line_discount": "5"}],
        order_discount="7.35",
    )
    # 100.00 - 5.00 = 95.00, tax 12.35, total 107.35; 优惠 7.35 = 6.50 + 0.85 → 88.50 + 11.50
    line = receipt["lines"][0]
    assert _figures(line) == ("5.00", "7.35", "88.50", "11.50")
    assert (line["unit_cost"], line["amount"], receipt["total"]) == ("8.85", "88.50", "100.00")
    act(trade, receipt["number"], "approve")
    stock = ok(trade.get("/api/v1/stock/balances", params={"product": "P1"}))["data"][0]
    assert (stock["on_hand"], stock["value"]) == ("10", "88.50")
    assert balance(trade, "S1", "payable") == "100.00"
    assert doctor(system) == []


def test_a_tax_inclusive_discount_comes_off_the_tax_inclusive_amount(trade: TestClient) -> None:
    order = create(
        trade,
        "sales_order",
        "C1",
        [{"product": "P1", "qty": "2", "price": "11.30", "line_discount": "2.26"}],
        tax_included=True,
    )
    line = order["lines"][0]
    assert (line["net_amount"], line["tax"], order["total"]) == ("18.00", "2.34", "20.34")


def _refused(trade: TestClient, line: dict[str, Any], **header: Any) -> dict[str, Any]:
    body = {"type": "sales_order", "date": DAY, "warehouse": "W1", "partner": "C1"}
    response = trade.post("/api/v1/documents", json={**body, **header, "lines": [line]})
    refused: dict[str, Any] = error(response)
    assert ok(trade.get("/api/v1/documents"))["count"] == 0
    return refused


def test_discounts_that_do_not_fit_are_refused_and_change_nothing(trade: TestClient) -> None:
    line = {"product": "P1", "qty": "10", "price": "15"}
    mismatch = _refused(trade, {**line, "line_discount_rate": "0.05", "line_discount": "10"})
    assert mismatch["details"][0]["code"] == "discount_mismatch"
    too_much = _refused(trade, {**line, "line_discount": "150.01"})
    assert too_much["details"][0]["code"] == "discount_exceeds_amount"
    rate = _refused(trade, {**line, "line_discount_rate": "1.5"})
    assert rate["details"][0]["code"] == "out_of_range"
    header = _refused(trade, line, order_discount="169.51")  # total 150.00 + 19.50
    assert header["code"] == "discount_exceeds_total"
    assert header["message"] == "整单优惠不能超过价税合计 169.50"
    negative = _refused(trade, line, order_discount="-1")
    assert negative["code"] == "negative"


def test_doctor_finds_an_order_discount_its_lines_do_not_share(
    trade: TestClient, system: System
) -> None:
    _stocked(trade)
    delivery = _delivery(trade)
    act(trade, delivery["number"], "approve")
    assert doctor(system) == []
    line_id = delivery["lines"][0]["id"]
    ln = inventory.document_line
    with system.engine.begin() as connection:
        connection.execute(
            update(ln).where(ln.c.id == line_id).values(order_discount_share=Decimal("2.57"))
        )
    assert [p for p in doctor(system) if "shar" in p] == [
        f"document {delivery['number']}: order discount 7.75 but its lines share 7.74, "
        "or a line is below zero"
    ]


def test_the_old_names_are_still_accepted_and_returned_for_one_release(trade: TestClient) -> None:
    _stocked(trade)
    lines = [
        {"product": "P1", "qty": "10", "price": "15", "discount_rate": "0.1"},
        {"product": "P2", "qty": "2", "price": "150", "discount": "20"},
    ]
    old = create(trade, "sales_delivery", "C1", lines, discount="7.75")
    new = _delivery(trade)
    # the same figures as under the new names (test_line_discounts_and_the_order_discount_…)
    assert [_figures(ln) for ln in old["lines"]] == [_figures(ln) for ln in new["lines"]]
    assert [_figures(ln) for ln in old["lines"]] == [
        ("15.00", "2.58", "132.72", "17.25"),
        ("20.00", "5.17", "275.26", "24.77"),
    ]
    listed = ok(trade.get("/api/v1/documents", params={"q": old["number"]}))["data"][0]
    for doc in (old, ok(trade.get(f"/api/v1/documents/{old['number']}")), listed):
        assert (doc["discount"], doc["order_discount"]) == ("7.75", "7.75")
        assert doc["total_before_discount"] == doc["total_before_order_discount"]
    first, second = old["lines"]
    assert (first["discount_rate"], first["line_discount_rate"]) == ("0.1", "0.1")
    old_names = [(ln["discount"], ln["discount_share"]) for ln in (first, second)]
    assert old_names == [("15.00", "2.58"), ("20.00", "5.17")]


def test_an_old_name_that_disagrees_with_its_new_one_is_refused(trade: TestClient) -> None:
    line = {"product": "P1", "qty": "10", "price": "15"}
    refused = _refused(trade, {**line, "discount": "5", "line_discount": "6"})
    assert refused["details"][0]["code"] == "deprecated_name_disagrees"
    assert "line_discount" in refused["details"][0]["message"]
    header = _refused(trade, line, discount="1", order_discount="2")
    assert header["details"][0]["code"] == "deprecated_name_disagrees"
    # the same value under both names is one value
    same = create(trade, "sales_order", "C1", [line], discount="1.00", order_discount="1")
    assert same["order_discount"] == "1.00"


def test_the_openapi_schema_marks_the_old_names_deprecated(trade: TestClient) -> None:
    schemas = ok(trade.get("/openapi.json"))["components"]["schemas"]

    def deprecated(schema: str) -> dict[str, bool]:
        properties = schemas[schema]["properties"]
        return {k: v.get("deprecated", False) for k, v in properties.items() if "discount" in k}

    assert deprecated("DocumentIn") == {"order_discount": False, "discount": True}
    assert deprecated("LineIn") == {
        "line_discount_rate": False,
        "line_discount": False,
        "discount_rate": True,
        "discount": True,
    }
    assert deprecated("DocumentRead") == {
        "order_discount": False,
        "total_before_order_discount": False,
        "discount": True,
        "total_before_discount": True,
    }
    assert deprecated("LineRead") == {
        "line_discount_rate": False,
        "line_discount": False,
        "order_discount_share": False,
        "discount_rate": True,
        "discount": True,
        "discount_share": True,
    }
