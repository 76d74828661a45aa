"""Text with control characters and integers beyond an INTEGER column get the same clear 422
on SQLite and PostgreSQL (which would otherwise fail inside the driver), and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.trading.conftest import DAY

BEYOND_INTEGER = 2**31  # PostgreSQL's INTEGER is 32 bits
BEYOND_64_BITS = 2**63


def _order(**changes: Any) -> dict[str, Any]:
    line = {"product": "P1", "qty": "1", **changes.pop("line", {})}
    return {
        "type": "sales_order",
        "date": DAY,
        "warehouse": "W1",
        "partner": "C1",
        "lines": [line],
        **changes,
    }


def _count(client: TestClient) -> int:
    count: int = client.get("/api/v1/documents").json()["count"]
    return count


def _detail(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    detail: dict[str, Any] = response.json()["error"]["details"][0]
    return detail


@pytest.mark.parametrize("text", ["a\x00b", "x\x07", "\x1b[31m", "\x7f"])
def test_a_remark_with_a_control_character_is_refused(trade: TestClient, text: str) -> None:
    detail = _detail(trade.post("/api/v1/documents", json=_order(remarks=text)))
    assert detail == {
        "field": "remarks",
        "code": "invalid_characters",
        "message": "remarks含有不允许的控制字符",
    }
    assert _count(trade) == 0


def test_line_breaks_and_tabs_are_fine_in_remarks(trade: TestClient) -> None:
    response = trade.post("/api/v1/documents", json=_order(remarks="第一行\n第二行\t完"))
    assert response.status_code == 201, response.text


def test_a_nul_in_a_nested_line_field_names_the_line(trade: TestClient) -> None:
    detail = _detail(trade.post("/api/v1/documents", json=_order(line={"unit": "箱\x00"})))
    assert (detail["field"], detail["code"]) == ("lines.0.unit", "invalid_characters")
    assert _count(trade) == 0


def test_a_nul_in_a_list_of_references_is_refused(trade: TestClient) -> None:
    body = _order(type="sales_delivery", from_documents=["XSDD\x00"], lines=[])
    detail = _detail(trade.post("/api/v1/documents", json=body))
    assert (detail["field"], detail["code"]) == ("from_documents", "invalid_characters")


@pytest.mark.parametrize("too_large", [BEYOND_INTEGER, BEYOND_64_BITS])
def test_a_source_line_beyond_an_integer_column_is_a_clear_422(
    trade: TestClient, too_large: int
) -> None:
    body = _order(type="sales_delivery", line={"source_line": too_large})
    detail = _detail(trade.post("/api/v1/documents", json=body))
    assert (detail["field"], detail["code"]) == ("lines.0.source_line", "number_too_large")
    assert _count(trade) == 0


def test_an_integer_field_beyond_64_bits_is_refused_on_partners(trade: TestClient) -> None:
    body = {"code": "C9", "name": "客户9", "kind": "customer", "payment_terms_days": -(2**64)}
    detail = _detail(trade.post("/api/v1/partners", json=body))
    assert (detail["field"], detail["code"]) == ("payment_terms_days", "number_too_large")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/documents/XSDD%00",
        "/api/v1/documents/XSDD%00/trace",
        "/api/v1/documents?q=%00",
        "/api/v1/partner-ledger/entries?partner=C%001",
        "/api/v1/partners/C%01",
    ],
)
def test_control_characters_in_the_path_or_query_are_refused(trade: TestClient, path: str) -> None:
    response = trade.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_characters"
    assert "contains control characters" in response.json()["error"]["message"]


def test_an_id_in_the_path_beyond_an_integer_column_is_a_clear_422(trade: TestClient) -> None:
    for path in (f"/api/v1/approval-rules/{BEYOND_INTEGER}", f"/api/v1/tokens/{BEYOND_64_BITS}"):
        response = trade.delete(path)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["code"] == "less_than_equal"


def test_a_payment_with_a_nul_in_its_remarks_changes_nothing(trade: TestClient) -> None:
    body = {"type": "customer_receipt", "date": DAY, "partner": "C1", "amount": "1"}
    response = trade.post("/api/v1/payments", json={**body, "remarks": "\x00"})
    assert _detail(response)["code"] == "invalid_characters"
    assert trade.get("/api/v1/payments").json()["count"] == 0


def test_a_login_with_a_nul_in_the_username_is_refused_not_a_server_error(
    trade: TestClient,
) -> None:
    response = trade.post("/api/v1/auth/token", json={"username": "ad\x00min", "password": "x"})
    assert _detail(response)["code"] == "invalid_characters"
