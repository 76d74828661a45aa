"""Which left-menu item a page highlights."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.entrypoints.web.menu import active_url, menu_for

MENU = menu_for(Actor.system())


def test_a_trading_list_filtered_by_type_highlights_that_type_not_the_whole_list() -> None:
    query = {"type": "purchase_order"}
    assert active_url(MENU, "/trade/purchase", query, None) == "/trade/purchase?type=purchase_order"
    assert active_url(MENU, "/trade/purchase", {}, None) == "/trade/purchase"
    assert active_url(MENU, "/trade/sales", {"status": "draft"}, None) == "/trade/sales"


def test_a_document_highlights_the_list_it_names() -> None:
    page = "/trade/sales?type=sales_delivery"
    assert active_url(MENU, "/documents/XSCK20261201001", {}, page) == page
    assert active_url(MENU, "/documents/QTRK20261201001", {}, "/documents") == "/documents"


def test_a_sub_page_highlights_its_screen_and_an_unknown_page_nothing() -> None:
    assert active_url(MENU, "/products/P1", {}, None) == "/products"
    assert active_url(MENU, "/stock/balances", {"product": "W1"}, None) == "/stock/balances"
    assert active_url(MENU, "/productsX", {}, None) is None
    assert active_url(MENU, "/", {}, None) is None


def test_the_approval_center_is_shown_once_to_any_approver() -> None:
    def approvals_in(*permissions: str) -> list[str]:
        actor = Actor(None, "x", frozenset(permissions))
        return [s.key for s in menu_for(actor) for i in s.items if i.url == "/approvals"]

    assert approvals_in(*map(str, Permission)) == ["purchase"]  # an administrator: once
    assert approvals_in("sales.approve") == ["sales"]
    assert approvals_in("stock_document.approve", "stock.read") == ["stock"]
    assert approvals_in("stock.read") == []
