"""Printing the 送货单 of a delivery, as a person does it: from the document, 打印."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.services import organisations, products, warehouses
from tests.e2e.web.conftest import log_in
from tests.integration.web.print_world import trade_documents


def _shop(system: System) -> None:
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("CW", "中央仓", "HQ"), actor, uow())
    products.create_product(
        products.ProductData(
            code="W1", name="矿泉水", base_unit="瓶", units=(UnitSpec("箱", "24", None),)
        ),
        actor,
        uow(),
    )


def test_the_delivery_note_opens_with_its_lines_and_total(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    number = trade_documents(system)["sales_delivery"]
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.goto(f"/documents/{number}")
    with page.context.expect_page() as opened:
        page.click("#action-print")
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.locator("#print-title")).to_have_text("送货单")
    expect(sheet.locator("#print-number")).to_have_text(number)
    expect(sheet.locator("#print-lines tbody tr")).to_have_count(1)
    expect(sheet.locator("#print-lines tbody")).to_contain_text("矿泉水")
    expect(sheet.locator("#print-total-money")).to_have_text("¥50.85")
    expect(sheet.locator("#print-words")).to_have_text("伍拾元捌角伍分")
    expect(sheet.locator(".qr svg")).to_be_visible()
    # on a phone the sheet fits the screen: nothing wider than the viewport but the table
    phone = open_page(360, 740)
    log_in(phone, "admin")
    phone.goto(f"/print/documents/{number}?paper=third")
    expect(phone.locator("#print-words")).to_have_text("伍拾元捌角伍分")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_the_ticked_documents_of_a_list_print_together(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    numbers = trade_documents(system)
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.goto("/trade/purchase")
    page.check(f'input[name="numbers"][value="{numbers["purchase_receipt"]}"]')
    page.click("#bulk-print")
    expect(page.locator("#print-title")).to_have_text("采购入库单")
    expect(page.locator(".sheet")).to_have_count(1)
    page.goto("/trade/sales")
    page.click("#bulk-print")  # nothing ticked
    expect(page.locator("#error-message")).to_have_text("请先勾选要打印的单据")
    page.goto(f"/print/batch?ref={numbers['purchase_receipt']}&ref={numbers['sales_delivery']}")
    expect(page.locator(".sheet")).to_have_count(2)
    expect(page.locator("#print-title-2")).to_have_text("送货单")
    # printed, the second sheet starts a new page
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.getElementById('sheet-2')).breakBefore") == "page"
    )
