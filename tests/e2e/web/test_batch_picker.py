"""批次选择 in the browser: an issue line of a batch-tracked product offers its batches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import organisations, products, warehouses
from openjxc.services.inventory import approval, documents
from tests.e2e.web.conftest import log_in


def _cream(system: System) -> None:
    """CREAM in CW: batch L-OLD expired yesterday (2 kg), L-NEW good for a year (5 kg)."""
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("CW", "中央仓", "HQ"), actor, uow())
    products.create_product(
        products.ProductData("CREAM", "淡奶油", "kg", tracking="batch"), actor, uow()
    )
    today = clock.today()
    yesterday, next_year = (
        date.fromordinal(today.toordinal() - 1),
        today.replace(year=today.year + 1),
    )
    lines = [
        documents.LineInput("CREAM", "2", unit_cost="10", batch="L-OLD", expiry=yesterday),
        documents.LineInput("CREAM", "5", unit_cost="10", batch="L-NEW", expiry=next_year),
    ]
    opening = documents.create_document(
        documents.DocumentInput("opening_stock", date(today.year - 1, 1, 1), "CW", lines),
        actor,
        uow(),
    )
    approval.approve_document(opening.number, actor, uow())


def test_an_issue_line_picks_a_batch_from_the_warehouse_batches(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _cream(system)
    make_user("keeper", "store_manager")
    page = open_page()
    log_in(page, "keeper")
    page.goto("/documents/new?type=other_issue")
    page.fill("#picker", "CREAM")
    page.click(".picker-item")
    batch = page.locator('[aria-label="批次 1"]')
    options = batch.locator("option")
    expect(options).to_have_count(3)
    expect(options.nth(0)).to_have_text("自动(先到期先出)")
    expect(options.nth(1)).to_contain_text("L-OLD")
    expect(options.nth(1)).to_contain_text("可用 2 kg (已过期)")
    expect(options.nth(2)).to_contain_text("L-NEW")
    batch.select_option("L-NEW")
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    expect(page.locator("tr.bill-line")).to_contain_text("L-NEW")
