"""Product screens: create with units, inline errors by the field, search as htmx fragment."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import products as queries
from tests.integration.web.conftest import Browser


def _product(**fields: object) -> list[tuple[str, object]]:
    base = {
        "code": "",
        "name": "矿泉水",
        "base_unit": "瓶",
        "base_unit_decimals": "0",
        "tax_rate": "0.13",
        "tracking": "none",
        "valuation_method": "moving_average",
        "active": "on",
        "barcodes": "6901234567892",
    }
    base.update(fields)  # type: ignore[arg-type]
    return list(base.items())


def test_a_product_is_created_with_two_units(browser: Browser, system: System) -> None:
    form = [
        *_product(code="W1"),
        ("unit_name", "箱"),
        ("unit_factor", "24"),
        ("unit_barcode", "16901234567899"),
    ]
    response = browser.post("/products/new", form)
    assert response.status_code == 200
    assert str(response.url).endswith("/products/W1")
    assert "W1" in response.text
    with system.read_sessions() as session:
        product = queries.get_product(session, Actor.system(), "W1")
    assert product["units"] == [{"name": "箱", "factor": 24, "barcode": "16901234567899"}]
    assert product["barcodes"] == ["6901234567892"]


def test_a_bad_unit_factor_is_shown_beside_its_field_and_nothing_is_saved(
    browser: Browser, system: System
) -> None:
    form = [*_product(code="W2"), ("unit_name", "箱"), ("unit_factor", "0")]
    response = browser.post("/products/new", form)
    assert response.status_code == 422
    assert "箱" in response.text
    assert "换算系数必须大于 0" in response.text
    assert '"units.0.factor"' in response.text  # the Alpine row reads its error by field path
    with system.read_sessions() as session:
        _rows, count = queries.list_products(session, Actor.system(), q="W2")
    assert count == 0


def test_a_missing_name_is_shown_by_the_name_field(browser: Browser) -> None:
    response = browser.post("/products/new", _product(code="W3", name=""))
    assert response.status_code == 422
    assert 'data-field="name"' in response.text


def test_the_search_returns_only_the_results_fragment_to_htmx(browser: Browser) -> None:
    browser.post("/products/new", _product(code="W4", name="农夫山泉"))
    browser.post("/products/new", _product(code="W5", name="可乐", barcodes="6900000000012"))
    fragment = browser.htmx("/products?q=nfsq")  # 拼音 initials of 农夫山泉
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "W4" in fragment.text
    assert "W5" not in fragment.text
    by_barcode = browser.htmx("/products?q=6900000000012")
    assert "W5" in by_barcode.text
    assert "W4" not in by_barcode.text
    page = browser.get("/products?q=nfsq")
    assert "<html" in page.text


def _levels(browser: Browser) -> dict[str, tuple[str, ...]]:
    """Each warehouse's levels as W1's stock-levels page shows them: safety stock, reorder
    point, maximum, strategic reserve."""
    page = browser.get("/products/W1/stock-levels").text
    shown: dict[str, dict[str, str]] = {}
    for warehouse, name, value in re.findall(
        r'form="levels-([^"]+)" name="([a-z_]+)" value="([^"]*)"', page
    ):
        shown.setdefault(warehouse, {})[name] = value
    keys = ("safety_stock", "reorder_point", "max_stock", "strategic_reserve")
    return {w: tuple(values[k] for k in keys) for w, values in shown.items()}


@pytest.mark.usefixtures("shop")
def test_safety_stock_is_set_per_warehouse_and_a_bad_level_is_shown_on_its_row(
    browser: Browser,
) -> None:
    page = browser.get("/products/W1/stock-levels")
    assert page.status_code == 200
    assert 'data-warehouse="CW"' in page.text
    saved = browser.post(
        "/products/W1/stock-levels/CW",
        {"safety_stock": "48", "reorder_point": "72", "max_stock": "", "strategic_reserve": "6"},
    )
    assert saved.status_code == 200
    assert str(saved.url).endswith("/products/W1/stock-levels")
    assert _levels(browser) == {"CW": ("48", "72", "", "6"), "SW": ("", "", "", "")}
    bad = browser.post(
        "/products/W1/stock-levels/SW",
        {"safety_stock": "1.5", "reorder_point": "", "max_stock": "", "strategic_reserve": ""},
    )
    assert bad.status_code == 422
    assert 'id="levels-error-SW"' in bad.text
    assert 'value="1.5"' in bad.text  # what was typed stays
    assert _levels(browser)["SW"] == ("", "", "", "")  # 瓶 are whole: nothing saved
    assert 'href="/products/W1/stock-levels"' in browser.get("/products/W1").text


def test_with_prices_including_tax_the_product_form_takes_and_shows_tax_inclusive_prices(
    browser: Browser, system: System
) -> None:
    """#17.6: the 标准售价 follows the company's 含税 switch (stored ex tax)."""
    switched = browser.post(
        "/settings/switches", {"prices_include_tax": "on", "over_receipt_tolerance": "0"}
    )
    assert switched.status_code == 200
    created = browser.post(
        "/products/new", _product(code="W9", list_price="12.00", min_sale_price="11.30")
    )
    assert created.status_code == 200
    with system.read_sessions() as session:
        stored = queries.get_product(session, Actor.system(), "W9")
    assert (stored["list_price"], stored["min_sale_price"]) == (Decimal("10.619469"), Decimal("10"))
    form = browser.get("/products/W9").text
    assert re.search(r'name="list_price"[^>]*value="12"', form), "the list price is not shown 含税"
    assert "此处价格为含税价" in form
    listed = browser.get("/products?q=W9").text
    assert "标准售价(含税)" in listed
    assert ">12<" in listed.replace(" ", "")
    # saving the form again without touching the prices keeps them exactly
    again = browser.post(
        "/products/W9", _product(code="W9", list_price="12", min_sale_price="11.3")
    )
    assert again.status_code == 200
    with system.read_sessions() as session:
        kept = queries.get_product(session, Actor.system(), "W9")
    assert (kept["list_price"], kept["min_sale_price"]) == (Decimal("10.619469"), Decimal("10"))


def test_without_prices_including_tax_the_form_says_its_prices_exclude_tax(
    browser: Browser,
) -> None:
    browser.post("/products/new", _product(code="W8", list_price="12.00"))
    form = browser.get("/products/W8").text
    assert re.search(r'name="list_price"[^>]*value="12"', form)
    assert "此处价格为不含税价" in form


def test_the_tax_rate_is_typed_13_13_percent_or_0_13_and_shown_as_13_percent(
    browser: Browser, system: System
) -> None:
    """#17.6: the product form takes a tax rate as people type it and shows it as 13%."""
    for code, typed in (("T1", "13"), ("T2", "13%"), ("T3", "0.13"), ("T4", "9")):
        created = browser.post("/products/new", _product(code=code, tax_rate=typed, barcodes=""))
        assert created.status_code == 200, created.text
    with system.read_sessions() as session:
        rates = [
            queries.get_product(session, Actor.system(), c)["tax_rate"]
            for c in ("T1", "T2", "T3", "T4")
        ]
    assert rates == [Decimal("0.13"), Decimal("0.13"), Decimal("0.13"), Decimal("0.09")]
    assert re.search(r'name="tax_rate"[^>]*value="13%"', browser.get("/products/T1").text)
    refused = browser.post("/products/new", _product(code="T5", tax_rate="100", barcodes=""))
    assert refused.status_code == 422
