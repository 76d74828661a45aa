"""Categories, warehouses, partners and users through their record screens."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import text

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


def _ids(system: System, table: str) -> dict[str, str]:
    with system.read_sessions() as session:
        rows = session.execute(text(f"SELECT code, id FROM {table}")).all()  # noqa: S608
    return {code: str(id) for code, id in rows}


def _user_form(username: str, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    base = [("username", username), ("password", "Lager-2026"), ("roles", "warehouse")]
    return [*base, ("language", "zh-CN"), ("active", "on"), *extra]


@pytest.mark.usefixtures("shop")
def test_a_user_limited_to_one_warehouse_sees_only_it(
    browser: Browser, system: System, new_browser: Callable[[], Browser]
) -> None:
    warehouses = _ids(system, "warehouse")
    form = browser.get("/users/new").text
    assert f'name="warehouse_ids" value="{warehouses["SW"]}"' in form
    response = browser.post("/users/new", _user_form("li", ("warehouse_ids", warehouses["SW"])))
    assert response.status_code == 200, response.text
    assert f'name="warehouse_ids" value="{warehouses["SW"]}" checked' in response.text
    listing = browser.get("/users").text
    assert re.search(r">\s*SW\s*<", listing) and re.search(r">\s*全部\s*<", listing)
    keeper = new_browser()
    keeper.login("li", "Lager-2026")
    options = re.findall(r'<option value="(\w+)"', keeper.get("/documents").text)
    assert "SW" in options and "CW" not in options
    # none ticked again: everything
    saved = browser.post(
        "/users/li",
        [("display_name", "li"), ("roles", "warehouse"), ("language", "zh-CN"), ("active", "on")],
    )
    assert saved.status_code == 200 and f'value="{warehouses["SW"]}" checked' not in saved.text


@pytest.mark.usefixtures("shop")
def test_an_unknown_store_in_a_scope_is_refused_on_its_field(browser: Browser) -> None:
    response = browser.post("/users/new", _user_form("li", ("organisation_ids", "999999")))
    assert response.status_code == 422
    assert 'data-field="organisation_ids"' in response.text and "999999" in response.text
    forged = browser.post("/users/new", _user_form("li", ("warehouse_ids", "CW")))
    assert forged.status_code == 422 and 'data-field="warehouse_ids"' in forged.text
    assert ">li<" not in browser.get("/users").text


def test_an_administrator_resets_a_password_shown_once(
    browser: Browser, new_browser: Callable[[], Browser]
) -> None:
    browser.post("/users/new", _user_form("li"))
    response = browser.post("/users/li/password", {})
    assert response.status_code == 200 and str(response.url).endswith("/users/li")
    password = re.search(r"(?:is|是) (\S+) —", response.text).group(1)  # type: ignore[union-attr]
    assert password != "Lager-2026"
    assert password not in browser.get("/users/li").text  # shown once
    other = new_browser()
    assert other.login("li", "Lager-2026").status_code != 200 or "/login" in str(other.get("/").url)
    assert new_browser().login("li", password).status_code == 200
    assert browser.post("/users/li/nothing", {}).status_code == 404


def test_a_custom_role_is_made_from_labelled_permissions_and_changed(
    browser: Browser, new_browser: Callable[[], Browser]
) -> None:
    form = browser.get("/roles/new").text
    assert 'value="price.read"' in form and "查看进价和成本" in form
    created = browser.post(
        "/roles/new",
        [
            ("code", "cashier"),
            ("name", "收银员"),
            ("name_en", "Cashier"),
            ("permissions", "catalog.read"),
            ("permissions", "stock.read"),
        ],
    )
    assert created.status_code == 200 and str(created.url).endswith("/roles")
    assert 'href="/roles/cashier"' in created.text and "查看商品和分类" in created.text
    changed = browser.post("/roles/cashier", [("permissions", "report.read")])
    assert changed.status_code == 200
    row = changed.text[changed.text.index('href="/roles/cashier"') :].split("</tr>")[0]
    assert "查看报表和首页" in row and "查看商品和分类" not in row
    browser.post("/users/new", _user_form("wang", ("roles", "cashier")))
    cashier = new_browser()
    cashier.login("wang", "Lager-2026")
    assert "/reports" in cashier.get("/").text


def test_a_role_with_an_unknown_permission_or_a_taken_code_is_refused(browser: Browser) -> None:
    bad = browser.post("/roles/new", [("code", "x"), ("name", "X"), ("permissions", "all.powers")])
    assert bad.status_code == 422 and "all.powers" in bad.text
    taken = browser.post("/roles/new", [("code", "admin"), ("name", "管理员")])
    assert taken.status_code == 422 and 'data-field="code"' in taken.text
    builtin = browser.get("/roles/admin").text
    assert 'id="save"' not in builtin and "readonly" in builtin
    assert browser.post("/roles/admin", [("permissions", "stock.read")]).status_code == 422
