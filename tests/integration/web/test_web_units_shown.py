"""Stock shown as people count it: 1箱5瓶 beside 29 瓶 on the balances screen."""

from __future__ import annotations

import pytest

from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def test_the_balances_show_bottles_in_cases_too(browser: Browser) -> None:
    form = {
        "type": "other_receipt",
        "date": "2026-11-02",
        "warehouse": "CW",
        "line_product": "W1",
        "line_unit": "瓶",
        "line_qty": "29",
        "line_unit_cost": "2",
        "line_batch": "",
        "line_expiry": "",
        "then": "approve",
    }
    assert browser.post("/documents/new", form).status_code == 200
    page = browser.get("/stock/balances", params={"product": "W1"})
    row = page.text.split('id="balance-table"')[1].split("</tr>")[1]
    assert "29 瓶" in row
    assert '<div class="small text-secondary qty-in-units">1箱5瓶</div>' in row
