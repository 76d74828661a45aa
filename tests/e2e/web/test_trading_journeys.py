"""Trading journeys in the browser: sell, deliver part, get paid; approve in the center."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import approval_rules, partners
from openjxc.services.inventory import approval, documents
from openjxc.services.trading import prices
from tests.e2e.web.conftest import log_in
from tests.e2e.web.test_journeys import _shop


def _stock_and_customer(system: System) -> None:
    _shop(system)
    actor = Actor.system()
    partners.create_partner(
        partners.PartnerData("C1", "华联超市", "customer", tax_rate="0.13"), actor, system.uow()
    )
    opening = documents.create_document(
        documents.DocumentInput(
            "opening_stock", clock.today(), "CW", [documents.LineInput("W1", "100", unit_cost="2")]
        ),
        actor,
        system.uow(),
    )
    approval.approve_document(opening.number, actor, system.uow())
    prices.set_customer_price("C1", "W1", "5", actor, system.uow())


def test_an_order_is_sold_delivered_in_part_and_paid(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    make_user("admin", "admin")
    page = open_page()
    log_in(page, "admin")
    page.click('[data-section="sales"] >> text=销售订单')
    page.click("#new-document")
    page.click('[data-type="sales_order"]')
    page.select_option("#f-partner", "C1")
    page.fill("#picker", "kqs")
    page.click(".picker-item")
    page.fill('[aria-label="数量 1"]', "10")
    expect(page.locator('[aria-label="单价 1"]')).to_have_attribute("placeholder", "5.00")  # C1's
    expect(page.locator('[aria-label="税率% 1"]')).to_have_value("13%")  # C1's own rate
    expect(page.locator("#total-net")).to_have_text("50.00")  # the live preview
    expect(page.locator("#total-total")).to_have_text("56.50")
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    expect(page.locator("#total-total")).to_have_text("56.50")  # the server's figures
    order = page.locator(".page-title").inner_text().split()[-1]

    page.click("#action-next")
    expect(page.locator("#flash")).to_contain_text(order)
    expect(page.locator('[aria-label="数量 1"]')).to_have_value("10")
    page.fill('[aria-label="数量 1"]', "4")
    expect(page.locator("#total-total")).to_have_text("22.60")
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    delivery = page.locator(".page-title").inner_text().split()[-1]
    expect(page.locator("#trace")).to_contain_text(order)

    page.click(f"#trace >> text={order}")
    expect(page.locator(".status-partial").first).to_have_text("部分完成")
    expect(page.locator(".line-done")).to_have_text("4 瓶")
    expect(page.locator(".line-remaining")).to_have_text("6 瓶")  # still reserved for C1
    expect(page.locator("#trace")).to_contain_text(delivery)

    page.goto("/payments?type=customer_receipt")
    page.click("#new-payment")
    page.select_option("#f-partner", "C1")
    expect(page.locator("#open-table")).to_contain_text(delivery)
    page.fill("#f-amount", "22.60")
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    expect(page.locator("#settlements")).to_contain_text(delivery)
    expect(page.locator("#unapplied")).to_have_text("0.00")


def test_an_order_is_delivered_in_part_by_scanning_and_its_delivery_note_printed(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    make_user("admin", "admin")
    make_user("picker", "sales")
    page = open_page()
    log_in(page, "admin")
    page.goto("/documents/new?type=sales_order")
    page.select_option("#f-partner", "C1")
    page.fill("#picker", "kqs")
    page.click(".picker-item")
    page.fill('[aria-label="数量 1"]', "10")
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    order = page.locator(".page-title").inner_text().split()[-1]
    page.click("#action-next")  # 生成销售出库: a draft with all 10 still to deliver
    expect(page.locator('[aria-label="数量 1"]')).to_have_value("10")
    delivery = page.locator(".page-title").inner_text().split()[-1]

    # in the warehouse, on a phone: only 4 bottles are on the shelf
    phone = open_page(360, 740)
    log_in(phone, "picker")
    phone.goto("/mobile")
    phone.select_option("#task-pick select", delivery)
    phone.click("#task-pick button")
    row = phone.locator('#scan-lines tr[data-product="W1"]')
    expect(row).to_contain_text("10")  # to pick
    box = phone.locator("#mobile-code")
    for _ in range(4):
        box.fill("6901234567892")
        box.press("Enter")
        expect(box).to_have_value("")
    expect(row.locator(".scan-qty")).to_have_text("4")
    expect(row).not_to_have_class(re.compile("table-success"))  # short of the 10
    phone.click("#mobile-save")
    expect(phone).to_have_url(re.compile(f"/documents/{delivery}$"))
    expect(phone.locator("#flash")).to_contain_text(delivery)
    expect(phone.locator('[aria-label="数量 1"]')).to_have_value("4")

    page.reload()
    expect(page.locator('[aria-label="数量 1"]')).to_have_value("4")
    expect(page.locator("#total-total")).to_have_text("22.60")  # 4 × 5 + 13%
    page.click("#save-approve")
    expect(page.locator(".status-approved")).to_have_text("已审核")
    with page.context.expect_page() as opened:
        page.click("#action-print")
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.locator("#print-title")).to_have_text("送货单")
    expect(sheet.locator("#print-number")).to_have_text(delivery)
    expect(sheet.locator("#print-partner")).to_have_text("华联超市")
    expect(sheet.locator("#print-lines tbody tr")).to_have_count(1)
    expect(sheet.locator("#print-lines tbody tr")).to_contain_text("矿泉水")
    expect(sheet.locator("#print-total-qty")).to_have_text("4 瓶")
    expect(sheet.locator("#print-total-money")).to_have_text("¥22.60")
    expect(sheet.locator("#print-words")).to_have_text("贰拾贰元陆角整")

    page.click(f"#trace >> text={order}")
    expect(page.locator(".line-done")).to_have_text("4 瓶")
    expect(page.locator(".line-remaining")).to_have_text("6 瓶")


def test_a_write_off_is_approved_in_the_center_with_a_comment(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    make_user("keeper", "warehouse")
    make_user("boss", "store_manager")
    keeper = open_page()
    log_in(keeper, "keeper")
    keeper.goto("/documents/new?type=write_off")
    keeper.fill("#picker", "kqs")
    keeper.click(".picker-item")
    keeper.fill('[aria-label="数量 1"]', "3")
    keeper.select_option("#f-reason", "damage")
    keeper.click("#save-submit")
    expect(keeper.locator(".status-submitted")).to_have_text("待审核")
    number = keeper.locator(".page-title").inner_text().split()[-1]

    boss = open_page()
    log_in(boss, "boss")
    boss.goto("/approvals")
    row = boss.locator(f'[data-number="{number}"]')
    expect(row).to_contain_text("报损")
    row.locator('[name="comment"]').fill("破损属实")
    row.locator(f"#approve-{number}").click()
    expect(boss.locator("#flash")).to_contain_text(number)  # step 1 of 2 recorded
    expect(boss.locator(f'[data-number="{number}"]')).to_have_count(0)

    make_user("owner", "admin")
    owner = open_page()
    log_in(owner, "owner")
    owner.goto("/approvals")
    row = owner.locator(f'[data-number="{number}"]')
    expect(row.locator(".approval-step")).to_have_text("2/2")
    row.locator(f"#approve-{number}").click()
    expect(owner.locator("#flash")).to_contain_text(f"{number} 已审核")
    owner.goto(f"/documents/{number}")
    expect(owner.locator(".status-approved")).to_have_text("已审核")
    expect(owner.locator("#approval-history")).to_contain_text("破损属实")


def test_the_trading_pages_fit_a_phone(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    make_user("admin", "admin")
    page = open_page(360, 740)
    log_in(page, "admin")
    for url in (
        "/trade/sales",
        "/documents/new?type=sales_order",
        "/approvals",
        "/payments?type=customer_receipt",
        "/payments/new?type=customer_receipt",
        "/finance/statement",
        "/finance/aging",
        "/stock/in-transit",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width}px wide"


def test_a_large_order_is_approved_by_two_approvers_in_turn(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    make_user("clerk", "sales")
    make_user("manager", "store_manager")
    make_user("boss", "admin")
    approval_rules.add_approval_rule(
        approval_rules.RuleInput(
            "sales_order", [{"role": "store_manager"}, {"role": "admin"}], min_amount="100"
        ),
        Actor.system(),
        system.uow(),
    )
    clerk = open_page()
    log_in(clerk, "clerk")
    clerk.goto("/documents/new?type=sales_order")
    clerk.select_option("#f-partner", "C1")
    clerk.fill("#picker", "kqs")
    clerk.click(".picker-item")
    clerk.fill('[aria-label="数量 1"]', "20")
    clerk.fill('[aria-label="单价 1"]', "10")
    clerk.fill("#f-remarks", "年底大单")
    clerk.click("#save-submit")
    expect(clerk.locator(".status-submitted")).to_have_text("待审核")
    number = clerk.locator(".page-title").inner_text().split()[-1]

    manager = open_page()
    log_in(manager, "manager")
    manager.goto("/approvals")
    row = manager.locator(f'[data-number="{number}"]')
    expect(row).to_contain_text("226.00")  # 20 × 10 + 13%
    expect(row).to_contain_text("1/2")
    expect(row).to_contain_text("年底大单")
    row.locator('[name="comment"]').fill("价格已核")
    row.locator(f"#approve-{number}").click()
    expect(manager.locator("#flash")).to_contain_text("下一级审批")
    expect(manager.locator("#history")).to_contain_text("价格已核")

    boss = open_page()
    log_in(boss, "boss")
    boss.goto("/approvals")
    row = boss.locator(f'[data-number="{number}"]')
    expect(row).to_contain_text("2/2")
    row.locator(f"#approve-{number}").click()
    expect(boss.locator("#flash")).to_contain_text(f"{number} 已审核")
    boss.goto(f"/documents/{number}")
    expect(boss.locator(".status-approved")).to_have_text("已审核")
    expect(boss.locator("#approval-history")).to_contain_text("manager")
    expect(boss.locator("#approval-history")).to_contain_text("价格已核")
