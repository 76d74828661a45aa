"""PATCH /documents/{ref} with a partial body: what it leaves out stays as the draft has it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.trading.conftest import create, error, ok

TERMS = ("qty", "unit", "price", "tax_rate", "line_discount_rate", "net_amount", "tax")


def _lines(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(line[k] for k in ("product", *TERMS)) for line in doc["lines"]]


def _order(trade: TestClient) -> dict[str, Any]:
    return create(  # type: ignore[no-any-return]
        trade,
        "sales_order",
        "C1",
        [
            {
                "product": "P1",
                "qty": "2",
                "unit": "箱",
                "price": "300",
                "line_discount_rate": "0.05",
            },
            {"product": "P2", "qty": "3", "price": "150", "line_discount": "10"},
        ],
        remarks="原备注",
        expected_date="2026-10-20",
        order_discount="5",
        tax_included=False,
    )


def _patch(trade: TestClient, number: str, body: dict[str, Any], status: int = 200) -> Any:
    return ok(trade.patch(f"/api/v1/documents/{number}", json=body), status)


def test_a_header_only_patch_keeps_every_line_and_its_terms(trade: TestClient) -> None:
    order = _order(trade)
    edited = _patch(trade, order["number"], {"remarks": "改了备注"})
    assert edited["remarks"] == "改了备注"
    assert _lines(edited) == _lines(order)
    assert (edited["expected_date"], edited["order_discount"], edited["total"]) == (
        "2026-10-20",
        "5.00",
        order["total"],
    )


def test_a_lines_only_patch_replaces_the_lines_and_keeps_the_header(trade: TestClient) -> None:
    order = _order(trade)
    edited = _patch(
        trade, order["number"], {"lines": [{"product": "P2", "qty": "1", "price": "160"}]}
    )
    assert [(ln["product"], ln["qty"], ln["price"]) for ln in edited["lines"]] == [
        ("P2", "1", "160")
    ]
    assert (edited["remarks"], edited["expected_date"], edited["partner"], edited["date"]) == (
        "原备注",
        "2026-10-20",
        "C1",
        "2026-10-10",
    )


def test_a_patch_without_type_may_move_the_date_but_not_change_the_type(
    trade: TestClient,
) -> None:
    order = _order(trade)
    moved = _patch(trade, order["number"], {"date": "2026-10-12"})
    assert (moved["date"], _lines(moved)) == ("2026-10-12", _lines(order))
    refused = error(
        trade.patch(f"/api/v1/documents/{order['number']}", json={"type": "purchase_order"})
    )
    assert refused["code"] == "field_not_editable"
    assert ok(trade.get(f"/api/v1/documents/{order['number']}"))["date"] == "2026-10-12"


def test_a_stock_draft_keeps_its_destination_and_lines_when_only_remarks_change(
    trade: TestClient,
) -> None:
    ok(
        trade.post("/api/v1/warehouses", json={"code": "W2", "name": "二仓", "organisation": "HQ"}),
        201,
    )
    opening = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [
                    {"product": "P1", "qty": "1", "unit": "箱", "unit_cost": "240"},
                    {"product": "P2", "qty": "3", "amount": "301.00"},
                ],
            },
        ),
        201,
    )
    edited = _patch(trade, opening["number"], {"remarks": "期初盘点"})
    assert [(ln["qty"], ln["unit"], ln["unit_cost"], ln["amount"]) for ln in edited["lines"]] == [
        ("1", "箱", "240", "240.00"),
        ("3", "袋", None, "301.00"),
    ]
    transfer = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "transfer",
                "date": "2026-10-10",
                "warehouse": "W1",
                "to_warehouse": "W2",
                "two_step": True,
                "lines": [{"product": "P1", "qty": "5"}],
            },
        ),
        201,
    )
    edited = _patch(trade, transfer["number"], {"remarks": "调拨"})
    assert (edited["to_warehouse"], edited["two_step"], edited["remarks"]) == ("W2", True, "调拨")
    assert [(ln["product"], ln["qty"]) for ln in edited["lines"]] == [("P1", "5")]
