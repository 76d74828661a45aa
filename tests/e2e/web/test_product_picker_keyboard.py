"""The bill editor's product picker by keyboard: ↓/↑ move through the results, Enter picks
the highlighted product, Esc closes the list — under the Alpine CSP build."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import organisations, products, warehouses
from tests.e2e.web.conftest import log_in


def _two_waters(system: System) -> None:
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("CW", "中央仓", "HQ"), actor, uow())
    for code, name in (("WA1", "矿泉水"), ("WA2", "纯净水"), ("WA3", "苏打水")):
        products.create_product(
            products.ProductData(code=code, name=name, base_unit="瓶"), actor, uow()
        )


def test_the_picker_chooses_by_arrow_keys_and_enter_and_closes_on_escape(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _two_waters(system)
    make_user("admin", "admin")
    page = open_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} {m.location.get('url')}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, "admin")
    page.goto("/documents/new?type=other_receipt")
    items = page.locator("#picker-results .picker-item")
    picker = page.locator("#picker")

    picker.press_sequentially("WA")
    expect(items).to_have_count(3)
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"):
        picker.press(key)  # down past the last stays on it; up comes back to the second
    expect(items.nth(1)).to_have_class(re.compile(r"\bactive\b"))
    expect(items.nth(1)).to_have_attribute("aria-selected", "true")
    expect(page.locator("#picker-results .active")).to_have_count(1)
    picker.press("Enter")
    expect(page.locator("#lines tr.bill-line")).to_have_count(1)
    expect(page.locator("#lines tbody")).to_contain_text("WA2")
    expect(items).to_have_count(0)
    assert page.url.endswith("/documents/new?type=other_receipt")  # Enter saved nothing

    picker.focus()
    picker.press_sequentially("WA")
    expect(items).to_have_count(3)
    picker.press("Enter")  # nothing highlighted among several: nothing is picked
    picker.press("Escape")
    expect(items).to_have_count(0)
    expect(page.locator("#lines tr.bill-line")).to_have_count(1)
    assert [p for p in problems if not p.endswith("/favicon.ico")] == []
