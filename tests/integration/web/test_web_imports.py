"""导入 in the web UI: upload, the dry run's table, confirm, the result and the history."""

from __future__ import annotations

import re
from collections.abc import Callable

from openjxc.adapters.files.tables import read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import categories as category_queries
from openjxc.queries import products as product_queries
from tests.integration.web.conftest import Browser

GOOD = "商品编码,商品名称,基本单位,标准售价,参考进价\nA1,苹果,千克,12,8\nA2,香蕉,千克,6,4\n"
#: A2 has no base unit (an error); A1's list price is typed in grams' terms, ×1000 (a warning)
BAD = "商品编码,商品名称,基本单位,标准售价,参考进价\nA1,苹果,千克,12000,8\nA2,香蕉,,6,4\n"
WARNED = "商品编码,商品名称,基本单位,标准售价,参考进价\nA1,苹果,千克,12000,8\nA2,香蕉,千克,6,4\n"


def _upload(browser: Browser, content: str, kind: str = "products", name: str = "p.csv"):
    files = {"file": (name, content.encode("utf-8"))}
    return browser.post(f"/imports/new/{kind}", {}, files=files)


def _products(system: System) -> list[str]:
    with system.read_sessions() as session:
        rows, _ = product_queries.list_products(session, Actor.system(), limit=50)
    return sorted(r["code"] for r in rows)


def _id(response: object) -> str:
    return str(response.url).rstrip("/").rsplit("/", 1)[1]  # type: ignore[attr-defined]


def test_each_importable_list_has_an_import_button_for_who_may_write(browser: Browser) -> None:
    for url, kind in (("/products", "products"), ("/categories", "categories")):
        assert f'href="/imports/new/{kind}"' in browser.get(url).text
    assert 'href="/imports/new/warehouses"' in browser.get("/warehouses").text


def test_a_reader_sees_no_import_button_and_may_not_upload(
    new_browser: Callable[[], Browser], make_user: Callable[..., None], system: System
) -> None:
    make_user("clerk", "viewer")
    b = new_browser()
    b.login("clerk")
    assert "/imports/new/products" not in b.get("/products").text
    assert b.get("/imports/new/products").status_code == 403
    assert _upload(b, GOOD).status_code == 403
    assert _products(system) == []


def test_the_template_is_served_from_the_web(browser: Browser) -> None:
    page = browser.get("/imports/new/products").text
    assert 'href="/imports/templates/products"' in page
    assert 'id="upload-progress"' in page
    assert "htmx-indicator" in page
    template = browser.get("/imports/templates/products")
    assert template.status_code == 200
    header = read_upload("t.xlsx", template.content).rows[0]
    assert "商品编码" in str(header[0])
    assert "基本单位" in "".join(map(str, header))
    assert browser.get("/imports/templates/nope").status_code == 404


def test_a_file_with_errors_is_shown_by_row_and_column_and_cannot_be_confirmed(
    browser: Browser, system: System
) -> None:
    checked = _upload(browser, BAD)
    assert checked.status_code == 200
    page = checked.text
    assert re.search(r'id="count-error">\s*1<', page)
    assert re.search(r'id="count-warning">\s*1<', page)
    row = page.split('id="row-3"', 1)[1].split("</tr>", 1)[0]
    assert "table-danger" in page.split('id="row-3"', 1)[0].rsplit("<tr", 1)[1] + row[:40]
    assert "error-column" in row
    assert "基本单位" in row
    assert "第 3 行 基本单位" in row
    assert re.search(r'id="confirm-import" disabled', page)
    assert 'id="confirm-blocked"' in page
    # a confirm forced anyway is refused, nothing written, the refusal shown
    refused = browser.post(f"/imports/{_id(checked)}/confirm", {"confirm_warnings": "on"})
    assert refused.status_code == 422
    assert 'id="form-error"' in refused.text
    assert _products(system) == []
    history = browser.get("/imports").text
    assert "p.csv" in history
    assert "未通过" in history


def test_warnings_are_confirmed_per_row_or_for_the_whole_file(
    browser: Browser, system: System
) -> None:
    checked = _upload(browser, WARNED)
    page = checked.text
    assert 'id="row-2"' in page
    assert "table-warning" in page
    assert 'name="rows" value="2"' in page
    assert 'id="confirm-all"' in page
    number = _id(checked)
    # not confirmed: refused, nothing written
    refused = browser.post(f"/imports/{number}/confirm", {})
    assert refused.status_code == 422
    assert _products(system) == []
    # the row's warning ticked: written, and the result links to the list
    done = browser.post(f"/imports/{number}/confirm", [("rows", "2")])
    assert done.status_code == 200
    assert 'id="import-done"' in done.text
    assert 'href="/products"' in done.text
    assert re.search(r'id="count-create">\s*2<', done.text)
    assert _products(system) == ["A1", "A2"]
    assert 'id="confirm-import"' not in done.text
    again = _upload(browser, WARNED)
    assert re.search(r'id="count-unchanged">\s*2<', again.text)


def test_a_good_file_imports_and_the_history_lists_it(browser: Browser, system: System) -> None:
    checked = _upload(browser, GOOD, name="水果.csv")
    assert 'id="confirm-import" disabled' not in checked.text
    done = browser.post(f"/imports/{_id(checked)}/confirm", {})
    assert done.status_code == 200
    assert _products(system) == ["A1", "A2"]
    history = browser.get("/imports?kind=products").text
    assert "水果.csv" in history
    assert "已导入" in history
    assert "admin" in history
    assert f'href="/imports/{_id(checked)}"' in history
    # an update shows before → after
    changed = _upload(browser, GOOD.replace("苹果,千克,12", "苹果,千克,13"))
    assert re.search(r"标准售价: 12(\.0+)? → 13", changed.text)


def test_categories_import_from_their_list(browser: Browser, system: System) -> None:
    checked = _upload(browser, "分类编码,分类名称\nF,水果\n", kind="categories")
    assert checked.status_code == 200, checked.text
    browser.post(f"/imports/{_id(checked)}/confirm", {})
    with system.read_sessions() as session:
        rows, _ = category_queries.list_categories(session, Actor.system(), limit=10)
    assert [r["code"] if isinstance(r, dict) else r.code for r in rows] == ["F"]


def test_a_refused_file_is_named_on_the_upload_page(browser: Browser, system: System) -> None:
    refused = _upload(browser, "名字\nx\n")
    assert refused.status_code == 422
    assert 'id="form-error"' in refused.text
    assert 'id="upload-form"' in refused.text
    htmx = browser.client.post(
        "/imports/new/products",
        data={"csrf_token": browser.csrf},
        files={"file": ("p.csv", GOOD.encode())},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 204
    assert htmx.headers["HX-Redirect"].startswith("/imports/")


def test_someone_else_may_not_see_an_import_of_a_kind_they_cannot_import(
    browser: Browser, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    checked = _upload(browser, GOOD)
    make_user("clerk", "viewer")
    b = new_browser()
    b.login("clerk")
    assert b.get(f"/imports/{_id(checked)}").status_code == 404
    assert "p.csv" not in b.get("/imports").text
