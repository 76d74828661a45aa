"""首页 leads with today's sales, says they are tax-exclusive, and shows yesterday, this year
and each store the user may see (as GET /dashboard has them)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.queries import organisations as organisation_queries
from openjxc.services import organisations, partners, users, warehouses
from openjxc.services.trading import approval
from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document
from tests.integration.web.conftest import PASSWORD, Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture(autouse=True)
def east_store(system: System, shop: None) -> None:
    """Store ST 东门店 (warehouse EW); supplier S1 and customer C1."""
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("ST", "东门店", "store", parent="HQ"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("EW", "东门店仓", "ST"), actor, uow())
    partners.create_partner(partners.PartnerData("S1", "青山供应商", "supplier"), actor, uow())
    partners.create_partner(partners.PartnerData("C1", "绿洲超市", "customer"), actor, uow())


def _trade(system: System, warehouse: str, day: dt.date, qty: str, price: str = "15") -> None:
    """Buy 10 W1 at 10 into ``warehouse``, then sell ``qty`` at ``price`` (+13 % VAT) on ``day``."""
    for kind, partner, amount, each in (
        ("purchase_receipt", "S1", "10", "10"),
        ("sales_delivery", "C1", qty, price),
    ):
        line = TradeLineInput(product="W1", qty=amount, unit="瓶", price=each, tax_rate="0.13")
        doc = create_trade_document(
            TradeInput(kind, day, warehouse, partner, (line,), tax_included=False),
            Actor.system(),
            system.uow(),
        )
        approval.approve_trade_document(doc.number, Actor.system(), system.uow())


def _stores(page: str) -> dict[str, list[str]]:
    table = page[page.index('id="store-figures"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'data-store="([^"]+)"(.*?)</tr>', table, re.S)
    return {code: re.findall(r'data-period="[^"]+">([^<]*)<', cells) for code, cells in rows}


def _store_manager(system: System, new_browser: Callable[[], Browser]) -> Browser:
    with system.read_sessions() as session:
        store = organisation_queries.get_organisation(session, Actor.system(), "ST")
    data = users.UserData(
        "east", "东门店长", PASSWORD, ("store_manager",), organisation_ids=(store.id,)
    )
    users.create_user(data, Actor.system(), system.uow())
    manager = new_browser()
    assert manager.login("east").status_code == 200
    return manager


def test_todays_sales_is_the_first_card_and_says_it_is_tax_exclusive(
    browser: Browser, system: System
) -> None:
    _trade(system, "CW", clock.today(), "3")
    page = browser.get("/").text
    cards = re.findall(r'class="h\d mb-0" id="(card-[a-z-]+)"', page)
    assert cards[:2] == ["card-sales-today", "card-sales-yesterday"]
    assert cards.index("card-sales-today") < cards.index("card-stock-value")
    assert texts(page, "card-sales-today") == "¥45.00"  # 3 × 15, the 13 % VAT apart
    first = page[page.index("今日销售额") : page.index('id="card-sales-today"')]
    assert "不含税" in first


def test_yesterday_and_this_year_have_their_own_cards(browser: Browser, system: System) -> None:
    today = clock.today()
    yesterday = today - dt.timedelta(days=1)
    _trade(system, "CW", today, "3")
    _trade(system, "CW", yesterday, "2")
    page = browser.get("/").text
    assert texts(page, "card-sales-today") == "¥45.00"
    assert texts(page, "card-sales-yesterday") == "¥30.00"
    assert texts(page, "card-sales-year") == (
        "¥75.00" if yesterday.year == today.year else "¥45.00"
    )


def test_an_administrator_sees_every_store_with_its_margin(
    browser: Browser, system: System
) -> None:
    _trade(system, "CW", clock.today(), "3")
    _trade(system, "EW", clock.today(), "1", price="20")
    stores = _stores(browser.get("/").text)
    assert set(stores) == {"HQ", "ST"}
    assert stores["ST"][0] == "¥20.00"  # today
    assert stores["ST"][4] == "¥10.00"  # margin this month: 20 − 10
    assert stores["HQ"][0] == "¥45.00"


def test_a_store_manager_sees_only_the_own_store(
    browser: Browser, system: System, new_browser: Callable[[], Browser]
) -> None:
    _trade(system, "CW", clock.today(), "3")
    _trade(system, "EW", clock.today(), "1", price="20")
    page = _store_manager(system, new_browser).get("/").text
    assert set(_stores(page)) == {"ST"}
    assert texts(page, "card-sales-today") == "¥20.00"
    assert "总部" not in page[page.index('id="store-figures"') :]


def test_a_keeper_without_price_read_sees_store_sales_but_no_margin(
    browser: Browser,
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    _trade(system, "EW", clock.today(), "1", price="20")
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    page = keeper.get("/").text
    assert _stores(page) == {"ST": ["¥20.00", "¥0.00", "¥20.00", "¥20.00"]}
    assert "本月毛利" not in page[page.index('id="store-figures"') :]
