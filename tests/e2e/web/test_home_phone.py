"""首页 on a phone: today's sales is the first figure, in the window without scrolling."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import log_in

# the figure cards in the order the eye meets them: top to bottom, then left to right
FIRST_CARD = """(() => {
  const cards = [...document.querySelectorAll('.figure-card')].map(card => {
    const box = card.getBoundingClientRect();
    return [Math.round(box.top), Math.round(box.left), card.querySelector('[id^=card-]').id];
  });
  cards.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return cards.map(c => c[2]);
})()"""


def test_on_a_phone_todays_sales_is_the_first_card_and_says_it_is_without_tax(
    open_page: Callable[..., Page], make_user: Callable[..., None]
) -> None:
    make_user("admin", "admin")
    page = open_page(390, 844)
    log_in(page, "admin")
    page.goto("/")
    order = page.evaluate(FIRST_CARD)
    assert order[0] == "card-sales-today", order
    assert order.index("card-stock-value") > order.index("card-sales-year")
    today = page.locator("#card-sales-today")
    expect(today).to_be_in_viewport()
    expect(page.locator(".figure-card", has=today).locator(".tax-note")).to_have_text("不含税")
