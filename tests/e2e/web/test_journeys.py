"""The main journeys, checked by what a person sees in the browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared import clock
from openjxc.services import organisations, products, warehouses
from openjxc.services.inventory import approval, documents
from tests.e2e.web.conftest import log_in


def _shop(system: System) -> None:
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


def test_logging_in_shows_the_home_page_and_the_menu(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page()
    page.goto("/products")
    expect(page).to_have_url(re.compile(r"/login\?next=/products$"))
    page.fill("#username", "admin")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")
    log_in(page, "admin")
    expect(page.locator(".page-title")).to_have_text("首页")
    for section in ("仓库", "资料", "设置"):
        expect(page.locator("#sidebar-menu")).to_contain_text(section)
    expect(page.locator('[data-section="purchase"]')).to_contain_text("采购订单")
    expect(page.locator('[data-section="reports"]')).to_contain_text("全部报表")


def test_a_product_is_created_with_two_units(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.goto("/products/new")
    page.fill("#f-code", "P100")
    page.fill("#f-name", "纯牛奶")
    page.fill("#f-base_unit", "盒")
    page.click("#add-unit")
    page.fill('[aria-label="单位 1"]', "箱")
    page.fill('[aria-label="换算系数（基本单位数） 1"]', "0")
    page.click("#save")
    expect(page.locator("#form-error")).to_contain_text("换算系数必须大于 0")
    expect(page.locator('[aria-label="换算系数（基本单位数） 1"]')).to_have_class(
        "form-control is-invalid"
    )
    page.fill('[aria-label="换算系数（基本单位数） 1"]', "12")
    page.fill('[aria-label="条码 1"]', "16900000000017")
    page.click("#save")
    expect(page.locator("#flash")).to_contain_text("商品 P100 已保存")
    page.goto("/products")
    page.fill("#q", "cnn")  # 拼音 initials of 纯牛奶
    expect(page.locator("#product-table")).to_contain_text("盒, 箱=12盒")


def test_goods_are_received_by_scanning(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    make_user("keeper", "store_manager")
    page = open_page()
    log_in(page, "keeper")
    page.goto("/documents/new?type=other_receipt")
    scan = page.locator("#scan")
    for code in ("6901234567892", "6901234567892", "16901234567899"):
        scan.fill(code)
        scan.press("Enter")
        expect(page.locator("#scan-message")).to_contain_text("已添加")
    scan.fill("0000")
    scan.press("Enter")
    expect(page.locator("#scan-message")).to_contain_text("条码“0000”不存在")
    rows = page.locator("tr.bill-line")
    expect(rows).to_have_count(2)
    expect(page.locator('[aria-label="数量 1"]')).to_have_value("2")  # a repeat scan adds 1
    expect(page.locator('[aria-label="单位 2"]')).to_have_value("箱")
    page.fill('[aria-label="单位成本 1"]', "1.5")
    page.fill('[aria-label="单位成本 2"]', "30")
    page.click("#save-approve")
    expect(page.locator("#flash")).to_contain_text("已审核")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    page.goto("/stock/balances")
    expect(page.locator("#balance-table")).to_contain_text("26 瓶")  # 2 + 1 箱 × 24


def test_a_write_off_is_approved_by_a_second_and_a_third_person(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    opening = documents.create_document(
        documents.DocumentInput(
            "opening_stock",
            clock.today(),
            "CW",
            [documents.LineInput("W1", "10", unit_cost="2")],
        ),
        Actor.system(),
        system.uow(),
    )
    approval.approve_document(opening.number, Actor.system(), system.uow())
    make_user("keeper", "warehouse")
    make_user("boss", "store_manager")
    keeper = open_page()
    log_in(keeper, "keeper")
    keeper.goto("/documents")
    keeper.click("#new-document")
    keeper.click('[data-type="write_off"]')
    keeper.fill("#picker", "kqs")
    keeper.click(".picker-item")
    keeper.fill('[aria-label="数量 1"]', "3")
    keeper.select_option("#f-reason", "damage")
    keeper.click("#save-submit")
    expect(keeper.locator(".status-submitted")).to_have_text("待审核")
    expect(keeper.locator("#action-approve")).to_have_count(0)  # he may not approve
    number = keeper.locator(".page-title").inner_text().split()[-1]

    boss = open_page()
    log_in(boss, "boss")
    expect(boss.locator("#card-waiting")).to_have_text("1")
    expect(boss.locator("#chart-stock-value canvas")).to_have_count(1)  # ECharts drew it
    boss.click("#card-waiting-link")  # the card leads to the approval center
    boss.click(f"text={number}")
    boss.click("#action-approve")
    expect(boss.locator("#flash")).to_contain_text("您的审批已记录")  # step 1 of 2
    expect(boss.locator(".status-submitted")).to_have_text("待审核")
    boss.goto("/stock/balances")
    expect(boss.locator("#balance-table")).to_contain_text("10 瓶")  # nothing posted yet

    make_user("owner", "admin")
    owner = open_page()
    log_in(owner, "owner")
    owner.goto(f"/documents/{number}")
    owner.click("#action-approve")
    expect(owner.locator(".status-approved")).to_have_text("已审核")
    expect(owner.locator("#bill")).to_contain_text("审核人 owner")
    owner.goto("/stock/balances")
    expect(owner.locator("#balance-table")).to_contain_text("7 瓶")


def test_a_month_is_closed_and_reopened(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.goto("/periods")
    today = clock.today()
    last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1).strftime("%Y-%m")
    expect(page.locator("#month")).to_have_value(last)
    page.click("#close-month")
    expect(page.locator("#flash")).to_contain_text(f"{last} 已结账")
    expect(page.locator("#period-table")).to_contain_text(last)
    page.fill("#month", last)
    page.click("#close-month")
    expect(page.locator("#flash .alert-danger")).to_contain_text(f"{last} 已结账")
    page.click("#reopen")
    expect(page.locator("#flash")).to_contain_text(f"{last} 已反结账")
    expect(page.locator("#period-table")).to_contain_text("尚无已结账的月份")


def test_the_pages_fit_a_phone(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page(360, 740)
    log_in(page, "admin")
    for url in (
        "/",
        "/products",
        "/documents",
        "/documents/new?type=other_receipt",
        "/stock/balances",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width}px wide"
    page.goto("/")
    expect(page.locator("#sidebar-menu")).to_be_hidden()
    page.click(".navbar-toggler")
    expect(page.locator("#sidebar-menu")).to_be_visible()
