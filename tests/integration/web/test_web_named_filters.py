"""Filter boxes that ask for a product, partner or category take what people type: a code,
a name, a barcode or 拼音 initials; several matches are offered to choose from."""

from __future__ import annotations

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import products
from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


def _receive_water(browser: Browser) -> None:
    form = {
        "type": "other_receipt",
        "date": "2026-11-02",
        "warehouse": "CW",
        "line_product": "W1",
        "line_unit": "瓶",
        "line_qty": "5",
        "line_unit_cost": "2",
        "line_batch": "",
        "line_expiry": "",
        "then": "approve",
    }
    assert browser.post("/documents/new", form).status_code == 200


def _add_product(system: System, code: str, name: str) -> None:
    data = products.ProductData(code=code, name=name, base_unit="瓶")
    products.create_product(data, Actor.system(), system.uow())


@pytest.mark.parametrize("typed", ["W1", "矿泉水", "矿泉", "kqs", "6901234567892"])
def test_the_balances_filter_finds_a_product_by_what_people_type(
    browser: Browser, typed: str
) -> None:
    _receive_water(browser)
    page = browser.get("/stock/balances", params={"product": typed})
    assert page.status_code == 200
    table = page.text.split('id="balance-table"')[1]
    assert "W1 矿泉水" in table
    assert "filter-notice" not in page.text
    ledger = browser.get("/stock/moves", params={"product": typed})
    assert ledger.status_code == 200
    assert 'id="move-table"' in ledger.text
    assert "filter-notice" not in ledger.text


def test_a_name_several_products_share_offers_them_to_choose_from(
    browser: Browser, system: System
) -> None:
    _add_product(system, "W2", "矿泉水大瓶")
    for url in ("/stock/balances", "/stock/moves"):
        page = browser.get(url, params={"product": "矿泉"})
        assert page.status_code == 200
        notice = texts(page.text, "filter-notice")
        assert "W1 矿泉水" in notice
        assert "W2 矿泉水大瓶" in notice
        assert 'class="btn btn-sm filter-match" href="' in page.text
        assert "product=W2" in page.text


def test_a_filter_that_names_nothing_says_so_in_place_of_the_rows(browser: Browser) -> None:
    for url in ("/stock/balances", "/stock/moves"):
        page = browser.get(url, params={"product": "咖啡"})
        assert page.status_code == 200
        assert "咖啡" in texts(page.text, "filter-notice")
        htmx = browser.htmx(f"{url}?product=%E5%92%96")
        assert htmx.status_code == 200


def test_report_filters_take_names_and_say_when_a_name_is_ambiguous(
    browser: Browser, system: System
) -> None:
    _receive_water(browser)
    page = browser.get("/reports/stock-ledger", params={"product": "矿泉水"})
    assert page.status_code == 200
    assert 'id="report-table"' in page.text
    _add_product(system, "W2", "矿泉水大瓶")
    ambiguous = browser.htmx("/reports/stock-ledger?product=%E7%9F%BF%E6%B3%89")
    assert ambiguous.status_code == 200  # htmx swaps it in
    assert "W2 矿泉水大瓶" in texts(ambiguous.text, "report-error")


def test_a_whole_name_wins_over_names_that_contain_it(browser: Browser, system: System) -> None:
    _receive_water(browser)
    _add_product(system, "W2", "矿泉水大瓶")
    page = browser.get("/stock/balances", params={"product": "矿泉水"})
    assert "filter-notice" not in page.text
    assert "W1 矿泉水" in page.text.split('id="balance-table"')[1]
