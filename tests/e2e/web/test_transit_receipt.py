"""Receiving a two-step transfer short in the browser, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import warehouses
from openjxc.services.inventory import approval, documents
from tests.e2e.web.conftest import log_in
from tests.e2e.web.test_trading_journeys import _stock_and_customer


def _in_transit(system: System) -> str:
    actor = Actor.system()
    warehouses.create_warehouse(warehouses.WarehouseData("SW", "门店", "HQ"), actor, system.uow())
    doc = documents.create_document(
        documents.DocumentInput(
            "transfer",
            clock.today(),
            "CW",
            [documents.LineInput("W1", "4")],
            to_warehouse="SW",
            two_step=True,
        ),
        actor,
        system.uow(),
    )
    approval.approve_document(doc.number, actor, system.uow())
    return doc.number


def test_a_transfer_is_received_short_from_the_in_transit_list(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    number = _in_transit(system)
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.goto("/stock/in-transit")
    page.click(f"#receive-short-{number}")
    expect(page.locator("#received-1")).to_have_value("4")
    page.fill("#received-1", "5")
    page.click("#receive-submit")
    expect(page.locator("#form-error")).to_contain_text("第 1 行实收 5 瓶 多于调出的 4 瓶")
    page.fill("#received-1", "3")
    page.fill("#reason-1", "破损")
    page.click("#receive-submit")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    receipt = page.locator("#receipt-1")
    expect(receipt.locator(".receipt-received")).to_contain_text("3")
    expect(receipt.locator(".receipt-short")).to_contain_text("1")
    expect(receipt.locator(".receipt-reason")).to_have_text("破损")


def test_the_receipt_form_fits_a_phone(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    number = _in_transit(system)
    make_user("admin", "admin")
    page = open_page(360, 740)
    log_in(page, "admin")
    page.goto(f"/documents/{number}")
    expect(page.locator("#receive-form")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the transfer's page is {width}px wide"
    page.fill("#received-1", "4")
    page.click("#receive-submit")
    expect(page.locator(".status-approved")).to_have_text("已审核")
