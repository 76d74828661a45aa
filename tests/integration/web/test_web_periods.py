"""The 结账 screen: a refused close lists the unapproved documents; a close lists each month."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


def _receipt(day: str, then: str) -> list[tuple[str, str]]:
    return [
        ("type", "other_receipt"),
        ("date", day),
        ("warehouse", "CW"),
        ("then", then),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "5"),
        ("line_cost", "2"),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]


def test_a_refused_close_lists_the_unapproved_documents_of_earlier_months(
    browser: Browser,
) -> None:
    browser.post("/documents/new", _receipt("2026-09-10", "approve"))
    draft = browser.post("/documents/new", _receipt("2026-10-05", ""))
    number = re.search(r"QTRK\d{11}", str(draft.url)).group(0)  # type: ignore[union-attr]
    response = browser.post("/periods/close", {"month": "2026-11"})
    assert response.status_code == 422
    assert "未审核" in texts(response.text, "close-refusal")
    table = response.text[response.text.index('id="unposted-table"') :]
    assert f'href="/documents/{number}"' in table
    assert "2026-10-05" in table
    assert "2026-09" not in texts(response.text, "period-table")  # nothing was closed
    browser.post(f"/documents/{number}/approve", {})
    closed = browser.post("/periods/close", {"month": "2026-11"})
    assert closed.status_code == 200, closed.text
    assert "2026-09, 2026-10, 2026-11" in closed.text
    listing = closed.text[closed.text.index('id="period-table"') :]
    assert [m for m in ("2026-11", "2026-10", "2026-09") if m in listing] == [
        "2026-11",
        "2026-10",
        "2026-09",
    ]
