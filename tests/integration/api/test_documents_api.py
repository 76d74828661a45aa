"""Stock documents over the API: create, approve, the ledger, balances, 反审核, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def stocked(client: TestClient) -> TestClient:
    assert (
        client.post(
            "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
        ).status_code
        == 201
    )
    for code in ("W1", "W2"):
        assert (
            client.post(
                "/api/v1/warehouses", json={"code": code, "name": code, "organisation": "HQ"}
            ).status_code
            == 201
        )
    product = {
        "code": "P1",
        "name": "吐司",
        "base_unit": "个",
        "units": [{"name": "箱", "factor": "24"}],
    }
    assert client.post("/api/v1/products", json=product).status_code == 201
    return client


def _create(client: TestClient, **body: object) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/documents", json={"date": "2026-10-10", "warehouse": "W1", **body}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_draft_gets_a_number_and_posts_on_approval(stocked: TestClient) -> None:
    doc = _create(
        stocked,
        type="opening_stock",
        lines=[{"product": "P1", "qty": "2", "unit": "箱", "unit_cost": "48"}],
    )
    assert doc["number"] == "QCD20261010001"
    assert doc["status"] == "draft"
    assert doc["lines"][0]["base_qty"] == "48"
    approved = stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["lines"][0]["posted_value"] == "96.00"
    balance = stocked.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"][0]
    assert (balance["on_hand"], balance["value"], balance["unit_cost"], balance["available"]) == (
        "48",
        "96.00",
        "2",
        "48",
    )
    assert (balance["on_hand_in_units"], balance["available_in_units"]) == ("2箱", "2箱")


def test_the_ledger_shows_running_balances(stocked: TestClient) -> None:
    first = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 10, "unit_cost": 2}]
    )
    stocked.post(f"/api/v1/documents/{first['number']}/approve")
    issue = _create(
        stocked, type="other_issue", reason="sample", lines=[{"product": "P1", "qty": 4}]
    )
    stocked.post(f"/api/v1/documents/{issue['number']}/approve")
    moves = stocked.get("/api/v1/stock/moves", params={"product": "P1"}).json()["data"]
    assert [(m["qty"], m["qty_after"], m["value_after"]) for m in moves] == [
        ("10", "10", "20.00"),
        ("-4", "6", "12.00"),
    ]
    assert moves[1]["document"] == issue["number"]


def test_approving_a_short_issue_names_the_line_and_changes_nothing(stocked: TestClient) -> None:
    issue = _create(stocked, type="other_issue", lines=[{"product": "P1", "qty": 3}])
    response = stocked.post(f"/api/v1/documents/{issue['number']}/approve")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "insufficient_stock"
    assert error["details"][0]["product"] == "P1"
    assert error["details"][0]["requested"] == "3"
    assert "P1" in error["details"][0]["message"]
    assert stocked.get(f"/api/v1/documents/{issue['number']}").json()["status"] == "draft"
    assert stocked.get("/api/v1/stock/moves").json()["count"] == 0


def test_unapprove_returns_the_document_to_draft_and_the_stock_to_zero(stocked: TestClient) -> None:
    doc = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 5, "unit_cost": "1.5"}]
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    back = stocked.post(f"/api/v1/documents/{doc['number']}/unapprove")
    assert back.status_code == 200
    assert back.json()["status"] == "draft"
    balance = stocked.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"][0]
    assert balance["on_hand"] == "0"
    edited = stocked.patch(
        f"/api/v1/documents/{doc['number']}",
        json={
            "type": "opening_stock",
            "date": "2026-10-10",
            "warehouse": "W1",
            "lines": [{"product": "P1", "qty": 6, "unit_cost": "1.5"}],
        },
    )
    assert edited.status_code == 200, edited.text


def test_a_posted_document_cannot_be_edited_or_voided(stocked: TestClient) -> None:
    doc = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 5, "unit_cost": "1.5"}]
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    body = {
        "type": "opening_stock",
        "date": "2026-10-10",
        "warehouse": "W1",
        "lines": [{"product": "P1", "qty": 1, "unit_cost": "1"}],
    }
    assert (
        stocked.patch(f"/api/v1/documents/{doc['number']}", json=body).json()["error"]["code"]
        == "invalid_transition"
    )
    assert (
        stocked.post(f"/api/v1/documents/{doc['number']}/void").json()["error"]["code"]
        == "invalid_transition"
    )


def test_bad_lines_are_all_reported_at_once(stocked: TestClient) -> None:
    response = stocked.post(
        "/api/v1/documents",
        json={
            "type": "opening_stock",
            "date": "2026-10-10",
            "warehouse": "W1",
            "lines": [
                {"product": "NOPE", "qty": 1, "unit_cost": 1},
                {"product": "P1", "qty": "0.1", "unit": "箱", "unit_cost": 1},
                {"product": "P1", "qty": 1, "unit": "桶", "unit_cost": 1},
                {"product": "P1", "qty": 1, "unit_cost": "1.1234567"},
            ],
        },
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [(d["line_no"], d["code"]) for d in details] == [
        (1, "unknown_reference"),
        (2, "base_quantity_not_whole"),
        (3, "unknown_unit"),
        (4, "too_many_decimals"),
    ]
    assert stocked.get("/api/v1/documents").json()["count"] == 0


def test_a_transfer_moves_stock_between_warehouses(stocked: TestClient) -> None:
    doc = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 10, "unit_cost": 2}]
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    transfer = _create(
        stocked, type="transfer", to_warehouse="W2", lines=[{"product": "P1", "qty": 4}]
    )
    assert transfer["number"].startswith("DBD")
    assert stocked.post(f"/api/v1/documents/{transfer['number']}/approve").status_code == 200
    rows = {
        r["warehouse"]: (r["on_hand"], r["value"])
        for r in stocked.get("/api/v1/stock/balances").json()["data"]
    }
    assert rows == {"W1": ("6", "12.00"), "W2": ("4", "8.00")}


def test_balances_at_a_past_date(stocked: TestClient) -> None:
    doc = _create(
        stocked,
        type="opening_stock",
        date="2026-10-01",
        lines=[{"product": "P1", "qty": 10, "unit_cost": 2}],
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    issue = _create(
        stocked, type="other_issue", date="2026-10-15", lines=[{"product": "P1", "qty": 4}]
    )
    stocked.post(f"/api/v1/documents/{issue['number']}/approve")
    then = stocked.get("/api/v1/stock/balances", params={"as_of": "2026-10-10"}).json()["data"][0]
    assert (then["on_hand"], then["value"]) == ("10", "20.00")


def test_periods_close_and_reopen_over_the_api(stocked: TestClient) -> None:
    assert stocked.post("/api/v1/periods/2026-09/close").status_code == 204
    assert stocked.get("/api/v1/periods").json()["data"][0]["month"] == "2026-09"
    refused = stocked.post(
        "/api/v1/documents",
        json={
            "type": "opening_stock",
            "date": "2026-09-30",
            "warehouse": "W1",
            "lines": [{"product": "P1", "qty": 1, "unit_cost": 1}],
        },
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "period_closed"
    assert (
        stocked.post("/api/v1/periods/2026-08/reopen").json()["error"]["code"]
        == "period_not_latest"
    )
    assert stocked.post("/api/v1/periods/2026-13/close").json()["error"]["code"] == "invalid_month"
    assert stocked.post("/api/v1/periods/2026-09/reopen").status_code == 204


def test_closing_a_month_over_the_api_names_earlier_drafts_then_lists_every_month_closed(
    stocked: TestClient,
) -> None:
    opening = _create(
        stocked,
        type="opening_stock",
        date="2026-08-20",
        lines=[{"product": "P1", "qty": 5, "unit_cost": 2}],
    )
    stocked.post(f"/api/v1/documents/{opening['number']}/approve")
    draft = _create(
        stocked, type="other_issue", date="2026-09-15", lines=[{"product": "P1", "qty": 1}]
    )
    refused = stocked.post("/api/v1/periods/2026-10/close")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "period_has_unposted_documents"
    assert draft["number"] in error["message"]
    assert [(d["number"], d["date"], d["status"]) for d in error["details"]] == [
        (draft["number"], "2026-09-15", "draft")
    ]
    assert stocked.get("/api/v1/periods").json()["count"] == 0
    stocked.post(f"/api/v1/documents/{draft['number']}/approve")
    assert stocked.post("/api/v1/periods/2026-10/close").status_code == 204
    listed = stocked.get("/api/v1/periods").json()
    assert [p["month"] for p in listed["data"]] == ["2026-10", "2026-09", "2026-08"]
    assert all(p["closed_by"] == listed["data"][0]["closed_by"] for p in listed["data"])


def test_a_recosted_issue_shows_its_change_on_the_document_and_in_the_ledger(
    stocked: TestClient,
) -> None:
    def approved(**body: object) -> str:
        number = str(_create(stocked, **body)["number"])
        assert stocked.post(f"/api/v1/documents/{number}/approve").status_code == 200
        return number

    approved(
        type="opening_stock",
        date="2026-10-01",
        lines=[{"product": "P1", "qty": 10, "unit_cost": 5}],
    )
    sale = approved(type="other_issue", date="2026-10-20", lines=[{"product": "P1", "qty": 10}])
    cause = approved(
        type="other_receipt",
        date="2026-10-05",
        lines=[{"product": "P1", "qty": 10, "unit_cost": 10}],
    )
    (line,) = stocked.get(f"/api/v1/documents/{sale}").json()["lines"]
    assert line["posted_value"] == "75.00"
    assert [(r["document"], r["old_value"], r["new_value"]) for r in line["revaluations"]] == [
        (cause, "50.00", "75.00")
    ]
    moves = stocked.get("/api/v1/stock/moves", params={"product": "P1"}).json()["data"]
    issue = next(m for m in moves if m["document"] == sale)
    assert (issue["value"], issue["adjustment"], issue["revalued_by"]) == (
        "-75.00",
        "-25.00",
        cause,
    )
    assert {m["adjustment"] for m in moves if m["document"] != sale} == {"0.00"}


def test_red_reversal_over_the_api_links_both_documents(stocked: TestClient) -> None:
    doc = _create(
        stocked,
        type="opening_stock",
        date="2026-09-05",
        lines=[{"product": "P1", "qty": 5, "unit_cost": 2}],
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    assert stocked.post("/api/v1/periods/2026-09/close").status_code == 204
    red = stocked.post(
        f"/api/v1/documents/{doc['number']}/red-reverse", json={"date": "2026-10-01"}
    )
    assert red.status_code == 201, red.text
    assert red.json()["red_letter"] is True, red.json()
    assert red.json()["source_document"] == doc["number"]
    assert stocked.get(f"/api/v1/documents/{doc['number']}").json()["status"] == "reversed"
    assert (
        stocked.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"][0]["on_hand"]
        == "0"
    )


def test_open_loans_are_listed_with_what_is_still_out(stocked: TestClient) -> None:
    doc = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 10, "unit_cost": 2}]
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    loan = _create(
        stocked,
        type="other_issue",
        reason="lending",
        expected_return_date="2026-10-31",
        lines=[{"product": "P1", "qty": 4}],
    )
    stocked.post(f"/api/v1/documents/{loan['number']}/approve")
    loans = stocked.get("/api/v1/stock/loans").json()
    assert loans["count"] == 1
    assert (loans["data"][0]["document"], loans["data"][0]["outstanding"]) == (loan["number"], "4")


def test_short_quantities_are_written_as_people_write_them(stocked: TestClient) -> None:
    doc = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": 60, "unit_cost": 1}]
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    issue = _create(stocked, type="other_issue", lines=[{"product": "P1", "qty": 1000}])
    detail = stocked.post(f"/api/v1/documents/{issue['number']}/approve").json()["error"][
        "details"
    ][0]
    assert (detail["requested"], detail["available"]) == ("1000", "60")  # not 1E+3 / 6E+1


def test_a_two_step_transfer_travels_through_transit_over_the_api(stocked: TestClient) -> None:
    opening = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": "10", "unit_cost": "2"}]
    )
    stocked.post(f"/api/v1/documents/{opening['number']}/approve")
    doc = _create(
        stocked,
        type="transfer",
        to_warehouse="W2",
        two_step=True,
        lines=[{"product": "P1", "qty": "4"}],
    )
    assert doc["two_step"] is True
    approved = stocked.post(f"/api/v1/documents/{doc['number']}/approve").json()
    assert approved["status"] == "in_transit"
    transit = stocked.get("/api/v1/warehouses/TRANSIT-HQ").json()
    assert transit["transit"] is True
    choosable = stocked.get("/api/v1/warehouses", params={"transit": "false"}).json()["data"]
    assert "TRANSIT-HQ" not in [w["code"] for w in choosable]
    assert "W1" in [w["code"] for w in choosable]
    in_transit = stocked.get("/api/v1/documents", params={"status": "in_transit"}).json()
    assert [d["number"] for d in in_transit["data"]] == [doc["number"]]
    early = stocked.post(f"/api/v1/documents/{doc['number']}/receive", json={"date": "2026-10-09"})
    assert early.status_code == 422
    assert early.json()["error"]["code"] == "receive_before_issue"
    received = stocked.post(
        f"/api/v1/documents/{doc['number']}/receive", json={"date": "2026-10-11"}
    )
    assert received.status_code == 200, received.text
    assert received.json()["status"] == "approved"
    balances = stocked.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"]
    by_warehouse = {b["warehouse"]: (b["on_hand"], b["value"]) for b in balances}
    assert by_warehouse["W1"] == ("6", "12.00")
    assert by_warehouse["W2"] == ("4", "8.00")
    assert by_warehouse.get("TRANSIT-HQ", ("0", "0.00")) == ("0", "0.00")


def test_a_two_step_transfer_received_short_over_the_api(stocked: TestClient) -> None:
    opening = _create(
        stocked, type="opening_stock", lines=[{"product": "P1", "qty": "48", "unit_cost": "2"}]
    )
    stocked.post(f"/api/v1/documents/{opening['number']}/approve")
    doc = _create(
        stocked,
        type="transfer",
        to_warehouse="W2",
        two_step=True,
        lines=[{"product": "P1", "qty": "2", "unit": "箱"}],
    )
    stocked.post(f"/api/v1/documents/{doc['number']}/approve")
    url = f"/api/v1/documents/{doc['number']}/receive"
    too_many = stocked.post(url, json={"lines": [{"line_no": 1, "qty": "3"}]})
    assert too_many.status_code == 422
    error = too_many.json()["error"]
    assert error["code"] == "received_exceeds_sent"
    assert "3 箱" in error["message"]
    assert "2 箱" in error["message"]
    no_reason = stocked.post(url, json={"lines": [{"line_no": 1, "qty": "1.5"}]})
    assert no_reason.json()["error"]["code"] == "short_reason_required"

    body = {"date": "2026-10-11", "lines": [{"line_no": 1, "qty": "1.5", "reason": "破损"}]}
    received = stocked.post(url, json=body)
    assert received.status_code == 200, received.text
    line = received.json()["lines"][0]
    assert (line["qty"], line["received_qty"], line["short_qty"]) == ("2", "1.5", "0.5")
    assert (line["short_reason"], line["lost_value"]) == ("破损", "24.00")
    balances = stocked.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"]
    by_warehouse = {b["warehouse"]: (b["on_hand"], b["value"]) for b in balances}
    assert by_warehouse["W2"] == ("36", "72.00")
    assert by_warehouse.get("TRANSIT-HQ", ("0", "0.00")) == ("0", "0.00")
    moves = stocked.get("/api/v1/stock/moves", params={"document": doc["number"]}).json()["data"]
    lost = [mv for mv in moves if mv["warehouse"] == "TRANSIT-HQ" and mv["qty"] == "-12"]
    assert len(lost) == 1
