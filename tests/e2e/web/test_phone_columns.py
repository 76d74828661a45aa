"""At phone width the lists keep their columns readable: a type is one line, not one character
per line, and 库存余额 says which warehouse each balance is in."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import documents as trade_documents
from tests.e2e.web.conftest import log_in
from tests.e2e.web.test_trading_journeys import _stock_and_customer

PHONE = {"width": 360, "height": 740}

#: how many lines the text of an element takes (its line boxes, one rect each)
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return tops.size;
}"""


def _delivered(system: System) -> None:
    actor = Actor.system()
    sale = trade_documents.TradeInput(
        type="sales_delivery",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        lines=[trade_documents.TradeLineInput(product="W1", qty="2", unit="瓶", price="5")],
    )
    number = trade_documents.create_trade_document(sale, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())


def test_on_a_phone_types_stay_on_one_line_and_balances_name_their_warehouse(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _stock_and_customer(system)
    _delivered(system)
    make_user("admin", "admin")
    page = open_page(**PHONE)
    log_in(page, "admin")

    page.goto("/finance/statement?partner=C1&account=receivable")
    cell = page.locator("#statement tbody tr td:nth-child(3)").first
    expect(cell).to_have_text("销售出库")
    assert cell.evaluate(LINES) == 1

    page.goto("/documents")
    types = page.locator("#document-table tbody tr td:nth-child(3)")
    expect(types.first).to_be_visible()
    for i in range(types.count()):
        assert types.nth(i).evaluate(LINES) == 1, types.nth(i).inner_text()

    page.goto("/stock/balances")
    header = page.locator("#balance-table thead th", has_text="仓库")
    expect(header).to_be_visible()
    expect(
        page.locator("#balance-table tbody tr").first.locator("td", has_text="中央仓")
    ).to_be_visible()
