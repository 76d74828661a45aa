"""The page frame: the desktop sidebar from the page's top to its bottom, the menu reachable."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import log_in

ASIDE = """(() => {
  const aside = document.querySelector('aside').getBoundingClientRect();
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  return [aside.top + window.scrollY, aside.height, document.documentElement.scrollHeight,
          brand.top];
})()"""


def test_the_desktop_sidebar_spans_the_whole_page_and_its_menu_stays_reachable(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page(1280, 400)  # the company form is taller than this window
    log_in(page, "admin")
    page.goto("/settings/company")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    top, height, page_height, brand_top = page.evaluate(ASIDE)
    assert page_height > 400
    assert top == 0
    assert height == page_height
    assert brand_top == 0  # the menu stays in the window while the page scrolls
    last = page.locator('#sidebar-menu a[href="/roles"]')  # below the window's bottom
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    last.click()
    expect(page.locator('#sidebar-menu a.active[href="/roles"]')).to_be_visible()
