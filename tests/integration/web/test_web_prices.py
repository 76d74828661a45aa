"""商品 › 价格: level prices and customer prices, each row saved on its own, seen by whom may."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import products
from openjxc.queries.trading.prices import customer_prices, level_prices
from openjxc.services import partners
from openjxc.services.trading import prices
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture(autouse=True)
def customers(system: System) -> None:
    """C01 and C02 at price level 2, C03 without a level, S01 a supplier."""
    for code, kind, level in (
        ("C01", "customer", 2),
        ("C02", "both", 2),
        ("C03", "customer", None),
        ("S01", "supplier", None),
    ):
        data = partners.PartnerData(code, f"单位{code}", kind, price_level=level)
        partners.create_partner(data, Actor.system(), system.uow())


def _levels(system: System) -> dict[int, tuple[Decimal | None, int]]:
    with system.read_sessions() as session:
        rows = level_prices(session, Actor.system(), "W1")
    return {r["level"]: (r["price"], r["customers"]) for r in rows}


def _customers(system: System) -> dict[str, Decimal]:
    with system.read_sessions() as session:
        return {r["partner"]: r["price"] for r in customer_prices(session, Actor.system(), "W1")}


def _row(html: str, attribute: str) -> str:
    start = html.index(attribute)
    return html[start : html.index("</tr>", start)]


def test_a_level_price_is_set_read_back_and_removed(browser: Browser, system: System) -> None:
    assert 'href="/products/W1/prices"' in browser.get("/products/W1").text
    page = browser.get("/products/W1/prices")
    assert page.status_code == 200
    assert 'data-level="10"' in page.text
    saved = browser.post("/products/W1/prices/level/2", {"price": "3.5"})
    assert saved.status_code == 200
    assert str(saved.url).endswith("/products/W1/prices")
    levels = _levels(system)
    assert levels[2] == (Decimal("3.5"), 2)
    assert levels[1] == (None, 0)
    assert 'value="3.5"' in _row(saved.text, 'data-level="2"')
    # the price a sale to C01 now gets
    assert prices.quote_price("C01", "W1", Actor.system(), system.uow()) == (
        Decimal("3.5"),
        "level",
    )
    browser.post("/products/W1/prices/level/2", {"price": ""})
    assert _levels(system)[2] == (None, 2)


def test_a_bad_level_price_is_shown_on_its_row_and_nothing_is_saved(
    browser: Browser, system: System
) -> None:
    browser.post("/products/W1/prices/level/3", {"price": "4"})
    for typed in ("abc", "1.1234567"):
        bad = browser.post("/products/W1/prices/level/3", {"price": typed})
        assert bad.status_code == 422
        row = _row(bad.text, 'data-level="3"')
        assert 'id="price-error-level-3"' in row
        assert f'value="{typed}"' in row
        assert "is-invalid" not in _row(bad.text, 'data-level="4"')
    assert _levels(system)[3] == (Decimal(4), 0)
    assert browser.post("/products/W1/prices/level/11", {"price": "1"}).status_code == 404


def test_a_customer_price_is_added_changed_and_removed(browser: Browser, system: System) -> None:
    page = browser.get("/products/W1/prices").text
    choices = re.findall(r'<option value="(\w+)"', _row(page, 'id="new-customer-price"'))
    assert choices == ["C01", "C02", "C03"]  # customers only
    added = browser.post(
        "/products/W1/prices/customer", {"new": "1", "partner": "C01", "price": "3.2"}
    )
    assert added.status_code == 200
    assert str(added.url).endswith("/products/W1/prices")
    assert _customers(system) == {"C01": Decimal("3.2")}
    assert 'value="3.2"' in _row(added.text, 'data-partner="C01"')
    choices = re.findall(r'<option value="(\w+)"', _row(added.text, 'id="new-customer-price"'))
    assert choices == ["C02", "C03"]
    assert prices.quote_price("C01", "W1", Actor.system(), system.uow()) == (
        Decimal("3.2"),
        "customer",
    )
    browser.post("/products/W1/prices/customer", {"partner": "C01", "price": "3.1"})
    assert _customers(system) == {"C01": Decimal("3.1")}
    bad = browser.post("/products/W1/prices/customer", {"partner": "C01", "price": "三块"})
    assert bad.status_code == 422
    row = _row(bad.text, 'data-partner="C01"')
    assert 'id="price-error-customer-C01"' in row
    assert 'value="三块"' in row
    assert _customers(system) == {"C01": Decimal("3.1")}
    removed = browser.post(
        "/products/W1/prices/customer", {"partner": "C01", "price": "3.1", "remove": "1"}
    )
    assert removed.status_code == 200
    assert _customers(system) == {}


def test_the_add_row_needs_a_customer_and_a_price(browser: Browser, system: System) -> None:
    no_partner = browser.post("/products/W1/prices/customer", {"new": "1", "price": "3"})
    assert no_partner.status_code == 422
    assert 'id="price-error-customer-new"' in no_partner.text
    no_price = browser.post("/products/W1/prices/customer", {"new": "1", "partner": "C02"})
    assert no_price.status_code == 422
    row = _row(no_price.text, 'id="new-customer-price"')
    assert 'id="price-error-customer-new"' in row
    assert re.search(r'value="C02"\s+selected', row)
    assert _customers(system) == {}


def test_prices_are_seen_only_by_those_who_may(
    browser: Browser,
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    browser.post("/products/W1/prices/level/2", {"price": "3.5"})
    browser.post("/products/W1/prices/customer", {"new": "1", "partner": "C01", "price": "3.2"})
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    assert 'id="product-prices"' not in keeper.get("/products/W1").text
    assert keeper.get("/products/W1/prices").status_code == 403
    # a buyer sees prices (price.read) but may set neither kind
    make_user("buyer", "purchasing")
    buyer = new_browser()
    buyer.login("buyer")
    page = buyer.get("/products/W1/prices").text
    assert 'id="level-prices"' in page
    assert 'id="customer-prices"' in page
    assert 'action="/products/W1/prices' not in page
    assert "readonly" in page
    refused = buyer.post("/products/W1/prices/level/2", {"price": "1"})
    assert refused.status_code == 422
    assert 'id="price-error-level-2"' in refused.text
    assert _levels(system)[2] == (Decimal("3.5"), 2)
    # a salesperson sells at these prices: sees both kinds, sets customer prices only
    make_user("seller", "sales")
    seller = new_browser()
    seller.login("seller")
    assert 'id="product-prices"' in seller.get("/products/W1").text
    page = seller.get("/products/W1/prices").text
    assert 'id="customer-prices"' in page
    assert 'id="level-prices"' in page
    assert 'value="3.5"' in page
    assert 'action="/products/W1/prices/level' not in page
    seller.post("/products/W1/prices/customer", {"partner": "C01", "price": "3"})
    assert _customers(system) == {"C01": Decimal(3)}


def test_with_prices_including_tax_level_and_customer_prices_are_typed_and_shown_with_tax(
    browser: Browser, system: System
) -> None:
    """#17.6: with 单价含税 on, the page takes and shows 含税 prices; stored ex tax."""
    with system.read_sessions() as session:
        rate = products.get_product(session, Actor.system(), "W1")["tax_rate"]
    browser.post("/settings/switches", {"prices_include_tax": "on", "over_receipt_tolerance": "0"})
    gross = str(Decimal("10") * (1 + rate))
    saved = browser.post("/products/W1/prices/level/2", {"price": gross})
    assert saved.status_code == 200
    assert _levels(system)[2] == (Decimal("10"), 2)
    assert f'value="{Decimal(gross).normalize():f}"' in _row(saved.text, 'data-level="2"')
    assert "含税" in saved.text
    browser.post("/products/W1/prices/customer", {"partner": "C03", "new": "1", "price": gross})
    assert _customers(system) == {"C03": Decimal("10")}
