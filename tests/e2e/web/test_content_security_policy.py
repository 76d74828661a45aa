"""The pages work under the Content Security Policy: nothing they load or run is refused.

Chromium reports every refusal (an inline script or handler, a style attribute, an eval,
something from another host) as a console error and a ``securitypolicyviolation`` event;
an Alpine expression its CSP build cannot run is a console error too.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from tests.e2e.web.conftest import log_in
from tests.e2e.web.test_print_journey import _shop
from tests.integration.web.print_world import trade_documents

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def _watched(page: Page) -> list[str]:
    """Every console error and page error from now on (violations are console errors)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} {m.location.get('url')}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(WATCH)
    return problems


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == [], url


def test_the_main_pages_load_and_work_with_no_policy_violation(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    numbers = trade_documents(system)
    make_user("admin", "admin")
    page = open_page()
    problems = _watched(page)
    _visit(page, "/login")
    log_in(page, "admin")
    _visit(page, "/")  # the dashboard and its charts
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    _visit(page, "/documents/new?type=sales_delivery")  # the bill editor, driven by Alpine
    page.select_option("#f-partner", "C1")
    page.fill("#picker", "W1")
    page.click(".picker-item")
    page.fill('[aria-label="数量 1"]', "2")
    page.fill('[aria-label="单价 1"]', "10")
    expect(page.locator("#total-net")).to_have_text("20.00")
    page.click("#user-menu")  # an Alpine dropdown
    _visit(page, "/reports/sales-statistics?from=2026-11-01&to=2026-11-30")  # a report, chart
    _visit(page, f"/print/documents/{numbers['sales_delivery']}")  # the paper size's <style>
    _visit(page, "/products/new")
    page.click("#add-unit")
    _visit(page, "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("OpenJXC")
    # Chromium asks for /favicon.ico on its own; the UI has none (a 404 the page never sees)
    assert [p for p in problems if not p.endswith("/favicon.ico")] == []
