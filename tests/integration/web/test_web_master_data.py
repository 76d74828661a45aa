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
    assert "0101" in listing.text
    assert ">01<" not in listing.text


def test_a_duplicate_category_code_is_shown_by_the_code_field(browser: Browser) -> None:
    browser.post("/categories/new", {"code": "01", "name": "饮料"})
    response = browser.post("/categories/new", {"code": "01", "name": "零食"})
    assert response.status_code == 422
    assert "编码“01”已存在" in response.text
    assert 'data-field="code"' in response.text


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
    assert partner.contacts[0].name == "王经理"
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
    assert re.search(r">\s*SW\s*<", listing)
    assert re.search(r">\s*全部\s*<", listing)
    keeper = new_browser()
    keeper.login("li", "Lager-2026")
    options = re.findall(r'<option value="(\w+)"', keeper.get("/documents").text)
    assert "SW" in options
    assert "CW" not in options
    # none ticked again: everything
    saved = browser.post(
        "/users/li",
        [("display_name", "li"), ("roles", "warehouse"), ("language", "zh-CN"), ("active", "on")],
    )
    assert saved.status_code == 200
    assert f'value="{warehouses["SW"]}" checked' not in saved.text


@pytest.mark.usefixtures("shop")
def test_an_unknown_store_in_a_scope_is_refused_on_its_field(browser: Browser) -> None:
    response = browser.post("/users/new", _user_form("li", ("organisation_ids", "999999")))
    assert response.status_code == 422
    assert 'data-field="organisation_ids"' in response.text
    assert "999999" in response.text
    forged = browser.post("/users/new", _user_form("li", ("warehouse_ids", "CW")))
    assert forged.status_code == 422
    assert 'data-field="warehouse_ids"' in forged.text
    assert ">li<" not in browser.get("/users").text


def test_an_administrator_resets_a_password_shown_once(
    browser: Browser, new_browser: Callable[[], Browser]
) -> None:
    browser.post("/users/new", _user_form("li"))
    response = browser.post("/users/li/password", {})
    assert response.status_code == 200
    assert str(response.url).endswith("/users/li")
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
    assert 'value="price.read"' in form
    assert "查看进价和成本" in form
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
    assert created.status_code == 200
    assert str(created.url).endswith("/roles")
    assert 'href="/roles/cashier"' in created.text
    assert "查看商品和分类" in created.text
    changed = browser.post("/roles/cashier", [("permissions", "report.read")])
    assert changed.status_code == 200
    row = changed.text[changed.text.index('href="/roles/cashier"') :].split("</tr>")[0]
    assert "查看报表和首页" in row
    assert "查看商品和分类" not in row
    browser.post("/users/new", _user_form("wang", ("roles", "cashier")))
    cashier = new_browser()
    cashier.login("wang", "Lager-2026")
    assert "/reports" in cashier.get("/").text


def test_a_role_with_an_unknown_permission_or_a_taken_code_is_refused(browser: Browser) -> None:
    bad = browser.post("/roles/new", [("code", "x"), ("name", "X"), ("permissions", "all.powers")])
    assert bad.status_code == 422
    assert "all.powers" in bad.text
    taken = browser.post("/roles/new", [("code", "admin"), ("name", "管理员")])
    assert taken.status_code == 422
    assert 'data-field="code"' in taken.text
    builtin = browser.get("/roles/admin").text
    assert 'id="save"' not in builtin
    assert "readonly" in builtin
    assert browser.post("/roles/admin", [("permissions", "stock.read")]).status_code == 422


def _partner(browser: Browser, code: str, kind: str, active: bool = True) -> None:
    form = {"code": code, "name": f"单位{code}", "kind": kind}
    response = browser.post("/partners/new", {**form, **({"active": "on"} if active else {})})
    assert response.status_code == 200, response.text


def _listed(html: str) -> list[str]:
    return re.findall(r'<a href="/partners/(\w+)">', html)


def test_partners_are_filtered_by_kind_and_only_active_ones_by_default(browser: Browser) -> None:
    _partner(browser, "C01", "customer")
    _partner(browser, "S01", "supplier")
    _partner(browser, "B01", "both")
    _partner(browser, "C02", "customer", active=False)
    assert _listed(browser.htmx("/partners").text) == ["B01", "C01", "S01"]
    assert _listed(browser.htmx("/partners?kind=customer").text) == ["B01", "C01"]
    assert _listed(browser.htmx("/partners?kind=supplier").text) == ["B01", "S01"]
    assert _listed(browser.htmx("/partners?kind=both").text) == ["B01"]
    assert _listed(browser.htmx("/partners?active=no").text) == ["C02"]
    assert _listed(browser.htmx("/partners?active=all&kind=customer").text) == [
        "B01",
        "C01",
        "C02",
    ]
    # with the search, and an unknown value falls back to the default
    assert _listed(browser.htmx("/partners?q=单位C&active=bogus").text) == ["C01"]
    page = browser.get("/partners?kind=supplier&active=all").text
    assert re.search(r'<option value="supplier"\s+selected', page)
    assert re.search(r'<option value="all"\s+selected', page)


def test_the_pager_keeps_the_filters(browser: Browser, system: System) -> None:
    from openjxc.services import partners

    for n in range(51):
        partners.create_partner(
            partners.PartnerData(f"S{n:02d}", f"供应商{n}", "supplier"),
            Actor.system(),
            system.uow(),
        )
    _partner(browser, "C01", "customer")
    listing = browser.htmx("/partners?kind=supplier").text
    assert "C01" not in listing
    assert 'href="/partners?q=&amp;kind=supplier&amp;active=yes&amp;offset=50"' in listing


def test_an_organisation_is_created_under_the_head_office_and_edited(
    browser: Browser, system: System
) -> None:
    from openjxc.queries import organisations as organisation_queries

    assert browser.get("/organisations/new").status_code == 200
    head = browser.post(
        "/organisations/new", {"code": "HQ", "name": "总部", "kind": "headquarters", "active": "on"}
    )
    assert head.status_code == 200
    assert str(head.url).endswith("/organisations/HQ")
    store = browser.post(
        "/organisations/new",
        {
            "code": "S01",
            "name": "徐汇店",
            "kind": "store",
            "parent": "HQ",
            "phone": "021-1234",
            "active": "on",
        },
    )
    assert store.status_code == 200
    assert str(store.url).endswith("/organisations/S01")
    edited = browser.post(
        "/organisations/S01",
        {
            "name": "徐汇旗舰店",
            "kind": "store",
            "parent": "HQ",
            "phone": "021-1234",
            "address": "漕溪路 1 号",
        },
    )
    assert edited.status_code == 200
    with system.read_sessions() as session:
        row = organisation_queries.get_organisation(session, Actor.system(), "S01")
    assert (row.name, row.parent, row.address, row.active) == (
        "徐汇旗舰店",
        "HQ",
        "漕溪路 1 号",
        False,  # the box was not ticked
    )
    listing = browser.htmx("/organisations?active=all").text
    assert "徐汇旗舰店" in listing
    assert "门店" in listing
    assert "总部" in listing
    assert "徐汇旗舰店" not in browser.htmx("/organisations").text  # inactive: hidden by default


def test_an_organisation_refused_shows_why_by_its_field_and_saves_nothing(
    browser: Browser, system: System
) -> None:
    from openjxc.queries import organisations as organisation_queries

    browser.post("/organisations/new", {"code": "HQ", "name": "总部", "kind": "headquarters"})
    store = browser.post(
        "/organisations/new", {"code": "S01", "name": "徐汇店", "kind": "store", "parent": "HQ"}
    )
    assert store.status_code == 200
    taken = browser.post(
        "/organisations/new", {"code": "HQ", "name": "另一个总部", "kind": "store"}
    )
    assert taken.status_code == 422
    assert 'data-field="code"' in taken.text
    assert 'value="另一个总部"' in taken.text  # what was typed stays
    # the head office under its own store: a cycle
    cycle = browser.post(
        "/organisations/HQ", {"name": "总部改名", "kind": "headquarters", "parent": "S01"}
    )
    assert cycle.status_code == 422
    assert 'data-field="parent"' in cycle.text
    assert "循环" in cycle.text
    with system.read_sessions() as session:
        rows, count = organisation_queries.list_organisations(
            session, Actor.system(), None, None, 50, 0
        )
    assert count == 2
    assert {r.code: (r.name, r.parent) for r in rows} == {
        "HQ": ("总部", None),
        "S01": ("徐汇店", "HQ"),
    }


def test_organisations_are_in_the_menu_for_those_who_may_read_them(
    browser: Browser, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    assert 'href="/organisations"' in browser.get("/").text
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    page = keeper.get("/organisations")
    assert page.status_code == 200
    assert 'id="new-record"' not in page.text
    refused = keeper.post("/organisations/new", {"code": "X", "name": "X", "kind": "store"})
    assert refused.status_code in (403, 422)
    assert "/organisations/X" not in str(refused.url)
    assert 'href="/organisations/X"' not in browser.get("/organisations").text
    browser.post(
        "/roles/new", [("code", "clerk"), ("name", "文员"), ("permissions", "catalog.read")]
    )
    clerk_form = [("username", "wang"), ("password", "Lager-2026"), ("roles", "clerk")]
    browser.post("/users/new", [*clerk_form, ("language", "zh-CN"), ("active", "on")])
    clerk = new_browser()
    clerk.login("wang", "Lager-2026")
    home = clerk.get("/").text
    assert 'href="/products"' in home
    assert 'href="/organisations"' not in home
    assert clerk.get("/organisations").status_code == 403


def test_a_customer_gets_a_price_level_and_loses_it_again(browser: Browser, system: System) -> None:
    form = {"code": "C01", "name": "华联超市", "kind": "customer", "price_level": "3"}
    assert browser.post("/partners/new", {**form, "active": "on"}).status_code == 200
    with system.read_sessions() as session:
        assert partner_queries.get_partner(session, Actor.system(), "C01").price_level == 3
    page = browser.get("/partners/C01").text
    assert re.search(r'<option value="3"\s+selected', page)
    bad = browser.post("/partners/C01", {**form, "price_level": "11"})
    assert bad.status_code == 422
    assert 'data-field="price_level"' in bad.text
    browser.post("/partners/C01", {**form, "price_level": ""})
    with system.read_sessions() as session:
        assert partner_queries.get_partner(session, Actor.system(), "C01").price_level is None
