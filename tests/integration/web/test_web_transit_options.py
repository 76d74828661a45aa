"""The in-transit warehouse (在途仓) is offered only where stock is looked at, never where a
document's warehouse is chosen."""

from __future__ import annotations

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services.inventory import approval
from openjxc.services.inventory import documents as inventory_documents
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")

TRANSIT = 'value="TRANSIT-HQ"'


@pytest.fixture
def in_transit(system: System, shop: None) -> None:
    """5 瓶 of W1 on their way from CW to SW (a two-step transfer, so 在途仓 exists)."""
    actor, today = Actor.system(), clock.today()
    for kind, extra in (("opening_stock", {}), ("transfer", {"to_warehouse": "SW"})):
        line = inventory_documents.LineInput("W1", "5", unit_cost="2" if not extra else None)
        data = inventory_documents.DocumentInput(
            kind, today, "CW", [line], two_step=bool(extra), **extra
        )
        number = inventory_documents.create_document(data, actor, system.uow()).number
        approval.approve_document(number, actor, system.uow())


@pytest.mark.usefixtures("in_transit")
@pytest.mark.parametrize(
    "page",
    [
        "/documents/new?type=sales_delivery",
        "/documents/new?type=purchase_order",
        "/documents/new?type=transfer",
        "/documents",
        "/mobile",
    ],
)
def test_a_document_header_or_filter_does_not_offer_the_transit_warehouse(
    browser: Browser, page: str
) -> None:
    html = browser.get(page)
    assert html.status_code == 200
    assert 'value="CW"' in html.text
    assert TRANSIT not in html.text


@pytest.mark.usefixtures("in_transit")
def test_the_stock_balance_filter_offers_the_transit_warehouse(browser: Browser) -> None:
    html = browser.get("/stock/balances")
    assert html.status_code == 200
    assert TRANSIT in html.text
