"""An order's progress in the unit it was ordered in: ordered in 箱, received in 箱 and 个."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.trading.conftest import act, create, ok


def test_received_and_open_quantities_read_in_the_ordered_unit(trade: TestClient) -> None:
    order = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "2", "unit": "箱"}])
    act(trade, order["number"], "approve")
    line = order["lines"][0]["id"]
    receipt = create(
        trade, "purchase_receipt", "S1", [{"source_line": line, "qty": "29", "unit": "个"}]
    )
    act(trade, receipt["number"], "approve")
    progress = ok(trade.get(f"/api/v1/documents/{order['number']}"))["lines"][0]
    # 48 个 ordered as 2 箱; 29 个 in: 1箱5个 done, 19 个 (less than a 箱) still open
    assert (progress["done_qty"], progress["done_in_units"], progress["open_in_units"]) == (
        "29",
        "1箱5个",
        None,
    )


def test_a_line_ordered_in_the_base_unit_has_no_second_form(trade: TestClient) -> None:
    order = create(trade, "purchase_order", "S1", [{"product": "P1", "qty": "30"}])
    line = ok(trade.get(f"/api/v1/documents/{order['number']}"))["lines"][0]
    assert (line["done_in_units"], line["open_in_units"]) == (None, None)
