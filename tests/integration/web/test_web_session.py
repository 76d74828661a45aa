"""Login, CSRF, language, password, role-aware menu and the friendly error page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from openjxc.entrypoints.web import menu
from tests.conftest import login
from tests.integration.web.conftest import PASSWORD, Browser, texts


def test_pages_need_a_login_and_come_back_after_it(
    new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    make_user("wang", "admin")
    b = new_browser()
    response = b.get("/products", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/products"
    b.get("/login?next=/products")
    response = b.post("/login", {"username": "wang", "password": PASSWORD, "next": "/products"})
    assert str(response.url).endswith("/products")


def test_htmx_requests_without_a_session_are_told_to_redirect(
    new_browser: Callable[[], Browser],
) -> None:
    response = new_browser().htmx("/products?q=x")
    assert response.headers["HX-Redirect"].startswith("/login")


def test_a_wrong_password_is_refused_in_the_users_language(
    new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    make_user("wang", "admin")
    b = new_browser()
    b.get("/login")
    response = b.post("/login", {"username": "wang", "password": "nope"})
    assert response.status_code == 401
    assert texts(response.text, "login-error").startswith("用户名或密码错误")
    b.post("/language", {"lang": "en", "next": "/login"})
    response = b.post("/login", {"username": "wang", "password": "nope"})
    assert texts(response.text, "login-error").startswith("Wrong username or password")


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(browser: Browser) -> None:
    response = browser.post("/categories/new", {"code": "01", "name": "饮料"}, csrf=False)
    assert response.status_code == 403
    assert "刷新页面" in texts(response.text, "error-message")
    forged = browser.post(
        "/categories/new", {"code": "01", "name": "饮料", "csrf_token": "forged"}, csrf=False
    )
    assert forged.status_code == 403
    assert "01" not in browser.get("/categories").text.split('id="record-table"')[1]


def test_an_htmx_post_carries_the_token_in_its_header(browser: Browser) -> None:
    headers = {"HX-Request": "true", "X-CSRF-Token": browser.csrf}
    ok = browser.client.post(
        "/categories/new", data={"code": "02", "name": "零食"}, headers=headers
    )
    assert ok.status_code == 200
    refused = browser.client.post(
        "/categories/new", data={"code": "03", "name": "酒"}, headers={"HX-Request": "true"}
    )
    assert refused.headers["HX-Retarget"] == "#flash"
    assert "刷新页面" in refused.text


def test_logout_revokes_the_session(browser: Browser) -> None:
    cookie = browser.client.cookies.get("jxc_session")
    browser.post("/logout", {})
    assert browser.get("/", follow_redirects=False).status_code == 303
    browser.client.cookies.set("jxc_session", cookie)  # the old cookie replayed
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_a_password_is_changed_after_proving_the_old_one(
    browser: Browser, new_browser: Callable[[], Browser]
) -> None:
    other_session = new_browser()
    other_session.login("admin")
    wrong = browser.post("/account/password", {"old_password": "x", "new_password": "New-pass-22"})
    assert wrong.status_code == 422
    assert 'data-field="old_password"' in wrong.text
    weak = browser.post("/account/password", {"old_password": PASSWORD, "new_password": "short"})
    assert weak.status_code == 422
    assert 'data-field="new_password"' in weak.text
    done = browser.post(
        "/account/password", {"old_password": PASSWORD, "new_password": "New-pass-22"}
    )
    assert "密码已修改" in done.text
    assert browser.get("/", follow_redirects=False).status_code == 200  # this session goes on
    assert other_session.get("/", follow_redirects=False).status_code == 303  # others end
    assert new_browser().login("admin", "New-pass-22").status_code == 200


def test_api_tokens_survive_a_password_change_only_when_the_box_is_ticked(
    browser: Browser, anonymous: TestClient
) -> None:
    def token(password: str) -> dict[str, str]:
        session = login(anonymous, "admin", password)
        created = anonymous.post("/api/v1/tokens", json={"name": "sync"}, headers=session)
        return {"Authorization": f"Bearer {created.json()['token']}"}

    dropped = token(PASSWORD)
    browser.post("/account/password", {"old_password": PASSWORD, "new_password": "New-pass-22"})
    assert anonymous.get("/api/v1/auth/me", headers=dropped).status_code == 401
    kept = token("New-pass-22")
    browser.post(
        "/account/password",
        {"old_password": "New-pass-22", "new_password": PASSWORD, "keep_api_tokens": "true"},
    )
    assert anonymous.get("/api/v1/auth/me", headers=kept).status_code == 200


def test_the_menu_shows_only_what_the_role_may_open(
    new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    make_user("viewer1", "viewer")
    b = new_browser()
    page = b.login("viewer1").text
    assert 'href="/products"' in page
    assert 'href="/documents"' in page
    assert 'href="/users"' not in page
    assert 'href="/periods"' in page
    assert 'data-section="reports"' in page
    assert 'href="/reports"' in page
    assert "即将推出" not in page  # every section has screens now: none is shown disabled
    assert 'data-section="purchase"' not in page  # no purchasing permission: not shown
    assert 'id="new-product"' not in b.get("/products").text


def test_a_server_error_shows_a_reference_and_no_stack_trace(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(menu, "menu_for", broken)
    monkeypatch.setattr("openjxc.entrypoints.web.templating.menu_for", broken)
    response = browser.get("/products")
    assert response.status_code == 500
    assert "参考号" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_a_page_that_does_not_exist_shows_the_error_page_not_json(browser: Browser) -> None:
    html = {"accept": "text/html,application/xhtml+xml"}
    response = browser.get("/no-such-page", headers=html)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "/no-such-page" in texts(response.text, "error-message")
    api = browser.get("/api/v1/no-such-thing", headers=html)
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "route_not_found"
    client = browser.get("/no-such-page", headers={"accept": "application/json"})
    assert client.json()["error"]["code"] == "route_not_found"


def test_a_stranger_asking_for_a_missing_page_sees_the_error_page(
    new_browser: Callable[[], Browser],
) -> None:
    response = new_browser().get("/nowhere", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "/nowhere" in texts(response.text, "error-message")
