"""The bill editor offers as 业务员 only whom the caller may name (issue #16 §13)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def test_a_seller_is_offered_only_themself_and_a_manager_every_seller(
    browser: Browser, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    make_user("seller", "sales")
    make_user("other", "sales")
    seller = new_browser()
    seller.login("seller")
    page = seller.get("/documents/new?type=sales_order").text
    assert '<option value="seller"' in page
    assert '<option value="other"' not in page
    managed = browser.get("/documents/new?type=sales_order").text  # an administrator
    assert '<option value="seller"' in managed
    assert '<option value="other"' in managed
