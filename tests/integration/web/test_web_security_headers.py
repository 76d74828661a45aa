"""Security headers on pages, API replies and /docs; the session cookie's flags and content."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.integration.web.conftest import PASSWORD, Browser


def _assert_guarded(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy  # no inline scripts, no eval
    assert "unsafe-inline" not in policy


def test_pages_api_replies_docs_and_errors_carry_the_security_headers(
    browser: Browser, app: FastAPI
) -> None:
    for url in ("/", "/login", "/static/app.js", "/docs", "/no/such/page"):
        _assert_guarded(browser.get(url))
    with TestClient(app) as api:
        _assert_guarded(api.get("/api/v1/organisations"))  # 401: errors too
        _assert_guarded(api.get("/openapi.json"))
        big = api.post("/api/v1/organisations", content=b"x" * (2 * 1024 * 1024))
        assert big.status_code == 413
        _assert_guarded(big)


def test_docs_load_swagger_ui_from_this_server_only(app: FastAPI) -> None:
    with TestClient(app) as client:
        html = client.get("/docs").text
        references = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in references
        assert all(ref.startswith("/") and not ref.startswith("//") for ref in references)
        assert "<script>" not in html  # no inline script: a static file starts it
        for ref in references:
            assert client.get(ref).status_code == 200, ref


def test_hsts_and_secure_cookies_only_over_https(
    app: FastAPI, make_user: Callable[..., None]
) -> None:
    make_user("wang", "admin")
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(app, base_url=base) as client:
            b = Browser(client)
            b.get("/login")
            response = b.post(
                "/login", {"username": "wang", "password": PASSWORD}, follow_redirects=False
            )
        assert response.status_code == 303
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("jxc_session=")
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert ("; secure" in cookie) is secure
        assert ("strict-transport-security" in response.headers) is secure


def test_the_session_cookie_holds_no_token_the_api_accepts(
    app: FastAPI, make_user: Callable[..., None], new_browser: Callable[[], Browser]
) -> None:
    make_user("wang", "admin")
    b = new_browser()
    assert b.login("wang").status_code == 200
    signed = b.client.cookies["jxc_session"]
    payload = signed.split(".")[0]
    content = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert b.get("/").status_code == 200  # the session works
    bearer = {"Authorization": f"Bearer {content['token']}"}
    with TestClient(app) as api:
        refused = api.get("/api/v1/organisations", headers=bearer)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"
