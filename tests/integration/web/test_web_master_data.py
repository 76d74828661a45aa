"""Categories, warehouses, partners and users through their record screens."""

from __future__ import annotations

import re
from collections.abc import Callable

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import partners as partner_queries
from tests.integration.web.conftest import Browser


def test_a_category_is_created_under_a_parent_and_listed(browser: Browser) -> None:
    assert (
        browser.post("/categories/new", {"code": "01", "name": "饮料", "active": "on"}).status_code
        == 200
    )
    response = browser.post(
        "/categories/new", {"code": "0101", "name": "矿泉水", "parent": "01", "active": "on"}
    )
    assert str(response.url).endswith("/categories/0101")
    listing = browser.htmx("/categories?q=矿泉")
    assert "0101" in listing.text and ">01<" not in listing.text


def test_a_duplicate_category_code_is_shown_by_the_code_field(browser: Browser) -> None:
    browser.post("/categories/new", {"code": "01", "name": "饮料"})
    response = browser.post("/categories/new", {"code": "01", "name": "零食"})
    assert response.status_code == 422
    assert "编码“01”已存在" in response.text and 'data-field="code"' in response.text


def test_a_partner_keeps_its_contact(browser: Browser, system: System) -> None:
    form = {
        "code": "C01",
        "name": "华联超市",
        "kind": "customer",
        "contact_name": "王经理",
        "contact_phone": "13800000000",
        "active": "on",
    }
    response = browser.post("/partners/new", form)
    assert response.status_code == 200, response.text
    with system.read_sessions() as session:
        partner = partner_queries.get_partner(session, Actor.system(), "C01")
    assert partner["contacts"][0]["name"] == "王经理"
    assert "王经理 13800000000" in browser.get("/partners").text


def test_a_new_user_gets_a_generated_password_shown_once(
    browser: Browser, new_browser: Callable[[], Browser]
) -> None:
    response = browser.post(
        "/users/new",
        [
            ("username", "li"),
            ("display_name", "小李"),
            ("roles", "warehouse"),
            ("language", "zh-CN"),
            ("active", "on"),
        ],
    )
    assert response.status_code == 200
    password = re.search(r"(?:is|是) (\S+) —", response.text).group(1)  # type: ignore[union-attr]
    assert "li" in browser.get("/users").text
    other = new_browser()
    assert other.login("li", password).status_code == 200
    assert "/documents" in other.get("/").text  # a warehouse keeper sees the stock menu
    assert "/users" not in other.get("/").text  # but not the administration
