"""The retail web pages: 异常单 (list, detail, 重新过账), 收银终端 (register, renew, deactivate),
the dashboard card, the menu, retail documents in the document pages, 批发/零售 in the report."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from openjxc.domain.shared import clock
from tests.conftest import ADMIN_PASSWORD
from tests.integration.retail.conftest import line, ok, sale, send, user_headers
from tests.integration.web.conftest import Browser, new_browser, texts  # noqa: F401

NOPE = sale("T1-0009", line("NOPE", "2", "3.50"), payments=[{"method": "cash", "amount": "7"}])


def _signed_in(new_browser: Callable[[], Browser], username: str, password: str) -> Browser:  # noqa: F811
    browser = new_browser()
    assert browser.login(username, password).status_code == 200
    return browser


@pytest.fixture
def admin(shop: TestClient, new_browser: Callable[[], Browser]) -> Browser:  # noqa: F811
    return _signed_in(new_browser, "admin", ADMIN_PASSWORD)


def test_the_queue_lists_the_exception_and_its_detail_shows_the_lines(
    till: TestClient, admin: Browser
) -> None:
    ack = send(till, NOPE)["T1-0009"]
    page = admin.get("/retail/exceptions")
    assert page.status_code == 200
    assert f'data-exception="{ack["exception_id"]}"' in page.text
    row = page.text[page.text.index(f'data-exception="{ack["exception_id"]}"') :]
    assert "T1-0009" in row
    assert "<td>S1</td>" in row
    reason = re.search(r'class="exception-reason">([^<]*)<', row)
    assert reason
    assert re.search(r"[\u4e00-\u9fff]", reason.group(1))  # the reason, in Chinese
    detail = admin.get(f"/retail/exceptions/{ack['exception_id']}")
    assert detail.status_code == 200
    lines = detail.text[detail.text.index('id="exception-lines"') :]
    assert "<td>NOPE</td>" in lines
    assert 'id="retry"' in detail.text
    assert re.search(r"[\u4e00-\u9fff]", texts(detail.text, "exception-reason"))


def test_retry_posts_once_the_cause_is_fixed(
    till: TestClient, shop: TestClient, admin: Browser
) -> None:
    ack = send(till, NOPE)["T1-0009"]
    url = f"/retail/exceptions/{ack['exception_id']}"
    admin.get(url)
    still = admin.post(f"{url}/retry", {}, follow_redirects=True)
    assert still.status_code == 200
    assert 'id="retry"' in still.text  # still open: the error was said
    product = {"code": "NOPE", "name": "新品", "base_unit": "个", "list_price": "3.50"}
    ok(shop.post("/api/v1/products", json=product), 201)
    product_stock = [{"product": "NOPE", "qty": "10", "unit_cost": "1"}]
    opening = ok(
        shop.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": product_stock,
            },
        ),
        201,
    )
    ok(shop.post(f"/api/v1/documents/{opening['number']}/approve"))
    done = admin.post(f"{url}/retry", {}, follow_redirects=True)
    assert done.status_code == 200
    assert 'id="posted-document"' in done.text
    number = texts(done.text, "posted-document")
    assert number.startswith("LSD")
    assert ok(shop.get("/api/v1/retail/exceptions"))["count"] == 0
    # the retail document reads like any other: detail and print, with its type label
    document = admin.get(f"/documents/{number}")
    assert document.status_code == 200
    assert "零售单" in document.text
    printed = admin.get(f"/print/documents/{number}")
    assert printed.status_code == 200
    assert "零售单" in printed.text


def test_a_retry_needs_the_csrf_token(till: TestClient, admin: Browser) -> None:
    ack = send(till, NOPE)["T1-0009"]
    refused = admin.post(f"/retail/exceptions/{ack['exception_id']}/retry", {}, csrf=False)
    assert refused.status_code in (400, 403)


def test_terminals_register_shows_the_token_once_renew_and_deactivate(
    shop: TestClient, admin: Browser
) -> None:
    page = admin.get("/retail/terminals")
    assert page.status_code == 200
    assert 'id="register-form"' in page.text
    made = admin.post(
        "/retail/terminals", {"code": "T7", "name": "收银台7", "store": "S1", "warehouse": "W1"}
    )
    assert made.status_code == 200, made.text
    token = texts(made.text, "token-value")
    assert len(token) > 20
    assert token not in admin.get("/retail/terminals").text  # shown once
    with_token = {"Authorization": f"Bearer {token}"}
    assert shop.get("/api/v1/products", headers=with_token).status_code == 200
    renewed = admin.post("/retail/terminals/T7/token", {})
    assert renewed.status_code == 200
    assert shop.get("/api/v1/products", headers=with_token).status_code == 401
    new_token = {"Authorization": f"Bearer {texts(renewed.text, 'token-value')}"}
    off = admin.post("/retail/terminals/T7/active", {"active": "false"}, follow_redirects=True)
    assert off.status_code == 200
    assert "停用" in off.text
    assert shop.get("/api/v1/products", headers=new_token).status_code == 401
    wrong = admin.post(
        "/retail/terminals", {"code": "T8", "name": "收银台8", "store": "S1", "warehouse": "W2"}
    )
    assert wrong.status_code == 422
    assert 'id="terminal-error"' in wrong.text


def test_the_menu_and_the_dashboard_card_follow_the_permission(
    till: TestClient,
    shop: TestClient,
    admin: Browser,
    new_browser: Callable[[], Browser],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 10, 10))
    assert 'id="card-retail-exceptions"' not in admin.get("/").text  # none waiting: no card
    send(till, NOPE)
    home = admin.get("/")
    assert texts(home.text, "card-retail-exceptions") == "1"
    assert 'href="/retail/exceptions"' in home.text
    assert 'href="/retail/terminals"' in home.text
    user_headers(shop, "mgr1", ["store_manager"], ["S1"])
    user_headers(shop, "viewer1", ["viewer"])
    manager = _signed_in(new_browser, "mgr1", "Some-pass-123")
    page = manager.get("/")
    assert texts(page.text, "card-retail-exceptions") == "1"
    assert 'href="/retail/exceptions"' in page.text
    assert 'href="/retail/terminals"' not in page.text
    viewer = _signed_in(new_browser, "viewer1", "Some-pass-123")
    page = viewer.get("/")
    assert 'href="/retail/exceptions"' not in page.text
    assert 'id="card-retail-exceptions"' not in page.text
    assert viewer.get("/retail/exceptions").status_code == 403


def test_the_sales_report_offers_the_channel(mixed: TestClient, admin: Browser) -> None:
    page = admin.get(
        "/reports/sales-statistics",
        params={"from": "2026-10-01", "to": "2026-10-31", "by": "channel"},
    )
    assert page.status_code == 200
    assert 'id="rf-channel"' in page.text
    assert "批发" in page.text
    assert "零售" in page.text
    retail = admin.get(
        "/reports/sales-statistics",
        params={"from": "2026-10-01", "to": "2026-10-31", "channel": "retail"},
    )
    assert retail.status_code == 200
    assert "吐司" in retail.text
    assert "牛奶" not in retail.text
