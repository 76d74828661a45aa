"""Receiving a two-step transfer short on its page: sent prefilled, refusals on the line,
and sent / received / short shown on the document and its print."""

from __future__ import annotations

import pytest

from tests.integration.web.conftest import Browser
from tests.integration.web.test_web_trading import _number, trade_partners

pytestmark = pytest.mark.usefixtures("shop", "trade_partners")
__all__ = ["trade_partners"]


def _in_transit(browser: Browser) -> str:
    form = [
        ("type", "transfer"),
        ("date", "2026-11-20"),
        ("warehouse", "CW"),
        ("to_warehouse", "SW"),
        ("two_step", "on"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "4"),
    ]
    return _number(browser.post("/documents/new", form), "DBD")


def test_the_receipt_form_prefills_what_was_sent_and_refuses_more(browser: Browser) -> None:
    transfer = _in_transit(browser)
    page = browser.get(f"/documents/{transfer}")
    assert 'id="receive-form"' in page.text
    assert 'id="received-1"' in page.text
    assert 'value="4"' in page.text
    refused = browser.post(
        f"/documents/{transfer}/receive",
        [
            ("receipt_date", "2026-11-21"),
            ("received_line", "1"),
            ("received_qty", "5"),
            ("short_reason", ""),
        ],
    )
    assert refused.status_code == 422
    assert "第 1 行实收 5 瓶 多于调出的 4 瓶" in refused.text
    assert "status-in_transit" in refused.text


def test_a_short_receipt_shows_sent_received_and_short_on_the_page_and_the_print(
    browser: Browser,
) -> None:
    transfer = _in_transit(browser)
    done = browser.post(
        f"/documents/{transfer}/receive",
        [
            ("receipt_date", "2026-11-21"),
            ("received_line", "1"),
            ("received_qty", "3"),
            ("short_reason", "破损"),
        ],
    )
    assert done.status_code == 200, done.text
    page = browser.get(f"/documents/{transfer}")
    assert "status-approved" in page.text
    receipt = page.text.split('id="receipt"')[1]
    assert "3 瓶" in receipt
    assert "1 瓶" in receipt
    assert "破损" in receipt
    printed = browser.get(f"/print/documents/{transfer}")
    assert 'data-col="received_qty"' in printed.text
    assert 'data-col="short_reason"' in printed.text
    assert "破损" in printed.text


def test_the_toolbar_receives_everything_that_was_sent(browser: Browser) -> None:
    transfer = _in_transit(browser)
    browser.post(f"/documents/{transfer}/receive", {})
    page = browser.get(f"/documents/{transfer}")
    receipt = page.text.split('id="receipt"')[1]
    assert "4 瓶" in receipt
    assert "破损" not in receipt
    assert 'data-col="received_qty"' not in browser.get(f"/print/documents/{transfer}").text
