"""拣货 over the API: `POST /documents/{ref}/pick` writes what was picked onto a draft delivery."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from tests.conftest import login
from tests.integration.trading.conftest import act, create, doctor, error, ok


def _stocked(trade: TestClient, *lines: dict[str, str]) -> None:
    body = {"type": "opening_stock", "date": "2026-10-01", "warehouse": "W1", "lines": lines}
    act(trade, ok(trade.post("/api/v1/documents", json=body), 201)["number"], "approve")


def _delivery(trade: TestClient, *lines: dict[str, str]) -> tuple[dict[str, Any], str]:
    """An approved sales order of C1 and its draft delivery of every open quantity."""
    order = create(trade, "sales_order", "C1", list(lines))
    act(trade, order["number"], "approve")
    delivery = create(trade, "sales_delivery", "C1", from_documents=[order["number"]])
    return order, delivery["number"]


def _p1_p2(trade: TestClient) -> tuple[dict[str, Any], str]:
    """Stock of P1 and P2; an order of 2 箱 P1 at 360 a 箱 and 5 袋 P2 at 150; its delivery."""
    _stocked(
        trade,
        {"product": "P1", "qty": "100", "unit_cost": "10"},
        {"product": "P2", "qty": "10", "unit_cost": "100"},
    )
    return _delivery(
        trade,
        {"product": "P1", "qty": "2", "unit": "箱", "price": "360"},
        {"product": "P2", "qty": "5", "price": "150"},
    )


def _pick(trade: TestClient, number: str, *lines: dict[str, str], **body: Any) -> Any:
    return trade.post(f"/api/v1/documents/{number}/pick", json={"lines": lines, **body})


def _lines(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (ln["product"], ln["qty"], ln["unit"], ln["batch"], ln["source_line"])
        for ln in document["lines"]
    ]


def test_a_pick_lowers_the_delivery_to_what_was_picked_and_answers_the_document(
    trade: TestClient, system: System
) -> None:
    order, number = _p1_p2(trade)
    read = ok(trade.get(f"/api/v1/documents/{number}"))
    assert read["pick_version"]
    picked = ok(_pick(trade, number, {"product": "P1", "qty": "30"}, **_seen(read)))
    p1_line = order["lines"][0]["id"]
    # 30 个 is not whole 箱: counted in 个 at the order's price per 个 (360 / 24); P2 left out
    assert (picked["number"], picked["status"]) == (number, "draft")
    assert _lines(picked) == [("P1", "30", "个", None, p1_line)]
    assert (picked["lines"][0]["price"], picked["net_amount"]) == ("15", "450.00")
    assert picked["pick_version"] != read["pick_version"]
    assert ok(trade.get(f"/api/v1/documents/{number}")) == picked
    act(trade, number, "approve")
    done = ok(trade.get(f"/api/v1/documents/{order['number']}"))
    assert [ln["done_qty"] for ln in done["lines"]] == ["30", "0"]
    assert done["status"] == "partial"
    assert doctor(system) == []


def _seen(read: dict[str, Any]) -> dict[str, str]:
    return {"pick_version": read["pick_version"]}


def test_picking_two_batches_splits_the_line_and_each_keeps_the_order_line(
    trade: TestClient, system: System
) -> None:
    cream = {"code": "P3", "name": "淡奶油", "base_unit": "kg", "tracking": "batch"}
    ok(trade.post("/api/v1/products", json=cream), 201)
    _stocked(
        trade,
        {"product": "P3", "qty": "3", "unit_cost": "10", "batch": "L1"},
        {"product": "P3", "qty": "5", "unit_cost": "10", "batch": "L2"},
    )
    order, number = _delivery(trade, {"product": "P3", "qty": "6", "price": "20"})
    picks = (
        {"product": "P3", "qty": "2", "batch": "L2"},
        {"product": "P3", "qty": "3", "batch": "L1"},
    )
    picked = ok(_pick(trade, number, *picks))
    line = order["lines"][0]["id"]
    assert _lines(picked) == [("P3", "2", "kg", "L2", line), ("P3", "3", "kg", "L1", line)]
    assert [ln["net_amount"] for ln in picked["lines"]] == ["40.00", "60.00"]
    act(trade, number, "approve")
    balances = ok(trade.get("/api/v1/stock/batches", params={"product": "P3"}))["data"]
    assert {b["batch"]: b["on_hand"] for b in balances} == {"L2": "3"}
    assert doctor(system) == []


def test_refused_picks_change_nothing(trade: TestClient, system: System) -> None:
    _order, number = _p1_p2(trade)
    before = ok(trade.get(f"/api/v1/documents/{number}"))
    stale = {"pick_version": "0123456789abcdef"}
    refusals = [
        (_pick(trade, number, {"product": "P1", "qty": "40"}, {"product": "P1", "qty": "9"}), 422),
        (_pick(trade, number, {"product": "P9", "qty": "1"}), 422),
        (_pick(trade, number, {"product": "P1", "qty": "0"}), 422),
        (_pick(trade, number), 422),
        (_pick(trade, number, {"product": "P1", "qty": "1"}, **stale), 409),
    ]
    codes = [error(response, status)["code"] for response, status in refusals]
    assert codes == [
        "over_pick",
        "not_on_delivery",
        "not_positive",
        "document_has_no_lines",
        "document_changed",
    ]
    over = error(refusals[0][0])
    assert over["message"] == f"吐司（P1）拣货 49 个，超出出库单 {number} 的 48 个"
    assert ok(trade.get(f"/api/v1/documents/{number}")) == before
    assert doctor(system) == []


def test_only_a_draft_delivery_is_picked(trade: TestClient) -> None:
    order, number = _p1_p2(trade)
    refused = error(_pick(trade, order["number"], {"product": "P1", "qty": "1"}), 404)
    assert refused["code"] == "not_found"
    act(trade, number, "approve")
    approved = ok(trade.get(f"/api/v1/documents/{number}"))
    refused = error(_pick(trade, number, {"product": "P1", "qty": "1"}))
    assert refused["code"] == "invalid_transition"
    assert ok(trade.get(f"/api/v1/documents/{number}")) == approved


def _user(trade: TestClient, name: str, roles: list[str], **extra: Any) -> dict[str, str]:
    body = {"username": name, "display_name": name, "password": "Pass-word-1", "roles": roles}
    ok(trade.post("/api/v1/users", json={**body, **extra}), 201)
    return login(trade, name, "Pass-word-1")


def test_a_keeper_picks_at_the_order_prices_and_a_viewer_may_not_pick(trade: TestClient) -> None:
    _order, number = _p1_p2(trade)
    keeper = _user(trade, "keeper", ["warehouse"])  # sales.pick: quantities and batches only
    viewer = _user(trade, "looker", ["viewer"])
    refused = error(
        trade.post(
            f"/api/v1/documents/{number}/pick",
            json={"lines": [{"product": "P1", "qty": "1"}]},
            headers=viewer,
        ),
        403,
    )
    assert refused["code"] == "forbidden"
    picked = ok(
        trade.post(
            f"/api/v1/documents/{number}/pick",
            json={"lines": [{"product": "P1", "qty": "24"}]},
            headers=keeper,
        )
    )
    assert _lines(picked)[0][:3] == ("P1", "1", "箱")
    assert ok(trade.get(f"/api/v1/documents/{number}"))["lines"][0]["price"] == "360"


def test_a_delivery_out_of_the_callers_scope_reads_as_not_found(trade: TestClient) -> None:
    _order, number = _p1_p2(trade)
    before = ok(trade.get(f"/api/v1/documents/{number}"))
    ok(
        trade.post("/api/v1/warehouses", json={"code": "W2", "name": "二仓", "organisation": "HQ"}),
        201,
    )
    w2 = next(w for w in ok(trade.get("/api/v1/warehouses"))["data"] if w["code"] == "W2")
    elsewhere = _user(trade, "elsewhere", ["sales"], warehouse_ids=[w2["id"]])
    own_only = _user(trade, "own_only", ["sales"], own_documents_only=True)
    for headers in (elsewhere, own_only):
        refused = trade.post(
            f"/api/v1/documents/{number}/pick",
            json={"lines": [{"product": "P1", "qty": "1"}]},
            headers=headers,
        )
        assert error(refused, 404)["code"] == "not_found"
    assert ok(trade.get(f"/api/v1/documents/{number}")) == before
