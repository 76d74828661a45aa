"""盘点 on the desktop page: a keyboard-wedge scanner types the code and presses Enter."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared import clock
from openjxc.services import organisations, products, warehouses
from openjxc.services.inventory import stocktake
from tests.e2e.web.conftest import log_in


def _stocktake(system: System) -> str:
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("CW", "中央仓", "HQ"), actor, uow())
    products.create_product(
        products.ProductData(
            code="W1",
            name="矿泉水",
            base_unit="瓶",
            units=(UnitSpec("箱", "24", "16901234567899"),),
            barcodes=("6901234567892",),
        ),
        actor,
        uow(),
    )
    return stocktake.create_stocktake("CW", actor, uow(), date=clock.today()).number


def test_a_code_scanned_into_the_desktop_scan_box_with_enter_counts_its_line(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    number = _stocktake(system)
    make_user("keeper", "warehouse")
    page = open_page()
    log_in(page, "keeper")
    page.goto(f"/stocktakes/{number}")
    box = page.locator("#scan")
    expect(box).to_be_focused()
    box.fill("6901234567892")
    box.press("Enter")
    counted = page.locator('#count-table input[name="count_qty"]')
    expect(counted).to_have_value("1")
    expect(box).to_be_focused()  # ready for the next scan
    box.fill("6901234567892")
    box.press("Enter")
    expect(counted).to_have_value("2")
    box.fill("16901234567899")  # one 箱 = 24 瓶
    box.press("Enter")
    expect(counted).to_have_value("26")
