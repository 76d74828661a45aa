"""The left menu highlights the item of the page's section, trading documents included."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def _active(html: str) -> list[str]:
    return re.findall(r'class="nav-link py-1 active" href="([^"]+)"', html)


def _active_sections(html: str) -> list[str]:
    return re.findall(r'menu-section active" data-section="([^"]+)"', html)


def test_the_trading_lists_highlight_their_own_item(browser: Browser) -> None:
    page = browser.get("/trade/purchase?type=purchase_receipt").text
    assert _active(page) == ["/trade/purchase?type=purchase_receipt"]
    assert _active_sections(page) == ["purchase"]
    assert _active(browser.get("/trade/sales").text) == ["/trade/sales"]


def test_a_trading_document_in_the_editor_highlights_its_section_item(
    browser: Browser,
) -> None:
    page = browser.get("/documents/new?type=sales_delivery").text
    assert _active(page) == ["/trade/sales?type=sales_delivery"]
    assert _active_sections(page) == ["sales"]
    page = browser.get("/documents/new?type=purchase_order").text
    assert _active(page) == ["/trade/purchase?type=purchase_order"]


def test_a_stock_document_highlights_the_stock_documents_item(browser: Browser) -> None:
    page = browser.get("/documents/new?type=other_issue").text
    assert _active(page) == ["/documents"]
    assert _active_sections(page) == ["stock"]
    assert _active(browser.get("/products").text) == ["/products"]
