"""A document whose cost a later posting changed says so on its page, line by line."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def _post(browser: Browser, kind: str, day: str, qty: str, cost: str = "") -> str:
    form = [
        ("type", kind),
        ("date", day),
        ("warehouse", "CW"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", qty),
        ("line_cost", cost),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]
    response = browser.post("/documents/new", form)
    assert response.status_code == 200, response.text
    return re.search(r"(QT..)\d{11}", str(response.url)).group(0)  # type: ignore[union-attr]


def test_an_issue_recosted_by_a_backdated_receipt_names_it_on_its_line(
    browser: Browser,
) -> None:
    _post(browser, "other_receipt", "2026-11-01", "5", "2")
    issue = _post(browser, "other_issue", "2026-11-20", "5")  # 10.00
    receipt = _post(browser, "other_receipt", "2026-11-05", "5", "4")  # average 3.00 before it
    page = browser.get(f"/documents/{issue}").text
    note = re.search(r'class="small line-revaluation">(.*?)</div>', page, re.S)
    assert note, page
    text = re.sub(r"<[^>]+>", "", note.group(1)).strip()
    assert text == f"成本已因 {receipt} 调整：10.00 → 15.00"
    assert f'href="/documents/{receipt}"' in note.group(1)
    assert "line-revaluation" not in browser.get(f"/documents/{receipt}").text
