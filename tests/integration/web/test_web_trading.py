"""采购/销售 screens: trading lists, the bill editor with prices and tax, next documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import documents as document_queries
from openjxc.services import partners, users
from openjxc.services.inventory import approval, documents
from openjxc.services.trading import prices, receiving
from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop", "trade_partners")
DAY = "2026-11-20"


@pytest.fixture
def trade_partners(system: System) -> None:
    """Customer C1 (13% VAT) and supplier S1; 100 瓶 of W1 on hand in CW at 2 yuan."""
    actor = Actor.system()
    partners.create_partner(
        partners.PartnerData("C1", "华联超市", "customer", tax_rate="0.13"), actor, system.uow()
    )
    partners.create_partner(partners.PartnerData("S1", "水厂", "supplier"), actor, system.uow())
    opening = documents.create_document(
        documents.DocumentInput(
            "opening_stock",
            date(2026, 11, 1),
            "CW",
            [documents.LineInput("W1", "100", unit="瓶", unit_cost="2")],
        ),
        actor,
        system.uow(),
    )
    approval.approve_document(opening.number, actor, system.uow())


def _order(
    qty: str, price: str, then: str = "", kind: str = "sales_order"
) -> list[tuple[str, str]]:
    partner = "C1" if kind.startswith("sales") else "S1"
    return [
        ("type", kind),
        ("date", DAY),
        ("warehouse", "CW"),
        ("partner", partner),
        ("then", then),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", qty),
        ("line_price", price),
        ("line_tax_rate", ""),
        ("line_source", ""),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]


def _number(response: object, prefix: str) -> str:
    found = re.search(rf"{prefix}\d{{11}}", str(response.url))  # type: ignore[attr-defined]
    assert found, str(response.url)  # type: ignore[attr-defined]
    return found.group(0)


def test_a_sales_order_is_priced_and_taxed_by_the_server(browser: Browser) -> None:
    response = browser.post("/documents/new", _order("3", "10.5", then="approve"))
    assert response.status_code == 200, response.text
    number = _number(response, "XSDD")
    assert "status-approved" in response.text
    # 3 × 10.50 = 31.50 net, 13% (the customer's rate) = 4.10, total 35.60
    assert texts(response.text, "total-net") == "31.50"
    assert texts(response.text, "total-tax") == "4.10"
    assert texts(response.text, "total-total") == "35.60"
    listing = browser.get("/trade/sales?type=sales_order&partner=C1")
    assert number in listing.text
    assert "35.60" in listing.text, listing.text[-2500:]
    assert number not in browser.get("/trade/purchase").text
    assert number not in browser.get("/documents").text


def test_the_editor_of_a_trading_type_asks_for_a_partner_and_prices(browser: Browser) -> None:
    page = browser.get("/documents/new?type=sales_order")
    assert page.status_code == 200
    assert 'name="partner"' in page.text
    assert "line_price" in page.text
    assert 'value="C1"' in page.text
    assert 'value="S1"' not in page.text
    refused = browser.post("/documents/new", [p for p in _order("1", "5") if p[0] != "partner"])
    assert refused.status_code == 422
    assert "XSDD" not in browser.get("/trade/sales").text


def test_a_delivery_generated_from_an_order_shows_what_remains(browser: Browser) -> None:
    order = _number(browser.post("/documents/new", _order("10", "5", then="approve")), "XSDD")
    draft = browser.post(f"/documents/{order}/next", {})
    assert draft.status_code == 200, draft.text
    delivery = _number(draft, "XSCK")
    grid = re.search(r"billEditor\((\[.*?\]), \{", draft.text)
    assert grid
    assert '"qty": "10"' in grid.group(1)
    assert '"source": "' in grid.group(1)
    form = _order("4", "5", then="approve", kind="sales_delivery")
    source = re.search(r'"source": "(\d+)"', grid.group(1))
    assert source
    form[form.index(("line_source", ""))] = ("line_source", source.group(1))
    done = browser.post(f"/documents/{delivery}", form)
    assert done.status_code == 200, done.text
    assert "status-approved" in done.text
    assert re.search(r'class="num line-margin">12.00<', done.text)  # 4 × (5 − 2 cost)
    order_page = browser.get(f"/documents/{order}")
    assert f'href="/documents/{delivery}"' in order_page.text.split('id="trace"')[1]
    assert "status-partial" in order_page.text
    assert re.search(r'class="num line-remaining">6 瓶', order_page.text)


def test_a_delivery_beyond_stock_names_the_short_line(browser: Browser, system: System) -> None:
    draft = _number(
        browser.post("/documents/new", _order("150", "5", kind="sales_delivery")), "XSCK"
    )
    refused = browser.post(f"/documents/{draft}/approve", {})
    assert refused.status_code == 422
    assert "需要 150" in refused.text
    assert "可用 100" in refused.text
    assert re.search(r'"error": "[^"]*W1[^"]*150', refused.text)  # on the line itself
    with system.read_sessions() as session:
        found = document_queries.get_document(session, Actor.system(), draft)
    assert found["status"] == "draft"


def test_the_purchasing_toolbar_approves_ticked_orders(browser: Browser) -> None:
    order = _number(browser.post("/documents/new", _order("5", "2", kind="purchase_order")), "CGDD")
    browser.get("/trade/purchase")
    response = browser.post(
        "/documents/bulk",
        [("action", "approve"), ("numbers", order), ("back", "/trade/purchase?type=")],
    )
    assert response.status_code == 200
    assert str(response.url).endswith("/trade/purchase?type=")
    assert f"{order} 已审核" in response.text or "已审核" in texts(response.text, "flash")
    assert "status-approved" in browser.get(f"/documents/{order}").text


def test_a_purchase_order_is_received_and_part_returned_through_next_documents(
    browser: Browser,
) -> None:
    order = _number(
        browser.post("/documents/new", _order("6", "2", then="approve", kind="purchase_order")),
        "CGDD",
    )
    receipt_page = browser.post(f"/documents/{order}/next", {})
    receipt = _number(receipt_page, "CGRK")
    approved = browser.post(f"/documents/{receipt}/approve", {})
    assert "status-approved" in approved.text
    assert 'id="action-next"' in approved.text  # → purchase return
    assert "status-completed" in browser.get(f"/documents/{order}").text
    return_page = browser.post(f"/documents/{receipt}/next", {})
    returned = _number(return_page, "CGTH")
    assert '"qty": "6"' in return_page.text
    assert "S1" in return_page.text
    chain = browser.get(f"/documents/{returned}").text.split('id="trace"')[1]
    assert order in chain
    assert receipt in chain


def test_the_default_price_of_a_line_is_the_customers_price_per_unit(
    browser: Browser, system: System
) -> None:
    prices.set_customer_price("C1", "W1", "2.5", Actor.system(), system.uow())
    found = browser.get("/lookup/price?type=sales_order&product=W1&unit=箱&partner=C1")
    assert found.json() == {"price": "60.00"}  # 24 瓶 × 2.5, as a price is typed
    assert browser.get("/lookup/price?type=purchase_order&product=W1").json() == {"price": None}
    page = browser.post("/documents/new", _order("2", "", then="approve"))
    assert texts(page.text, "total-net") == "5.00"  # the server applied the same price


def test_a_keeper_s_line_gets_no_default_sale_price_and_no_error(
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    prices.set_customer_price("C1", "W1", "2.5", Actor.system(), system.uow())
    make_user("keeper", "warehouse")
    keeper = new_browser()
    assert keeper.login("keeper").status_code == 200
    found = keeper.get("/lookup/price?type=sales_delivery&product=W1&unit=瓶&partner=C1")
    assert found.status_code == 200
    assert found.json() == {"price": None}


def test_a_sales_order_names_its_salesperson_and_the_delivery_keeps_it(
    browser: Browser, make_user: Callable[..., None]
) -> None:
    make_user("seller", "sales")
    make_user("buyer", "purchasing")
    page = browser.get("/documents/new?type=sales_order")
    assert 'id="f-salesperson"' in page.text
    assert '<option value="seller"' in page.text
    assert '<option value="buyer"' not in page.text  # only who may sell is offered
    purchase = browser.get("/documents/new?type=purchase_order").text
    assert '<option value="buyer"' in purchase
    assert '<option value="seller"' not in purchase
    form = [*_order("2", "10", then="approve"), ("salesperson", "seller")]
    response = browser.post("/documents/new", form)
    order = _number(response, "XSDD")
    assert '<option value="seller" selected' in browser.get(f"/documents/{order}").text
    delivery = _number(browser.post(f"/documents/{order}/next", []), "XSCK")
    assert '<option value="seller" selected' in browser.get(f"/documents/{delivery}").text
    refused = browser.post("/documents/new", [*_order("1", "10"), ("salesperson", "ghost")])
    assert refused.status_code == 422
    assert "ghost" in refused.text


def test_a_delivery_is_red_reversed_from_its_page_but_an_order_offers_no_red_reversal(
    browser: Browser, system: System
) -> None:
    order = _number(browser.post("/documents/new", _order("5", "3", then="approve")), "XSDD")
    assert 'id="action-red-reverse"' not in browser.get(f"/documents/{order}").text
    delivery = _number(browser.post(f"/documents/{order}/next", {}), "XSCK")
    page = browser.post(f"/documents/{delivery}/approve", {})
    assert 'id="action-red-reverse"' in page.text
    red = browser.post(f"/documents/{delivery}/red-reverse", {})
    assert "红字" in red.text
    assert "status-reversed" in browser.get(f"/documents/{delivery}").text
    sales_list = browser.get("/trade/sales").text
    assert 'value="red-reverse"' in sales_list


def test_overdue_orders_list_what_is_still_open_and_the_alert_opens_it(
    browser: Browser,
) -> None:
    late = [
        *_order("10", "2", then="approve", kind="purchase_order"),
        ("expected_date", "2026-11-21"),
    ]
    order = _number(browser.post("/documents/new", late), "CGDD")
    draft = browser.post(f"/documents/{order}/next", {})  # receive 4 of the 10
    receipt = _number(draft, "CGRK")
    source = re.search(r'"source": "(\d+)"', draft.text)
    assert source
    form = _order("4", "2", then="approve", kind="purchase_receipt")
    form[form.index(("line_source", ""))] = ("line_source", source.group(1))
    assert "status-approved" in browser.post(f"/documents/{receipt}", form).text
    on_time = [
        *_order("5", "2", then="approve", kind="purchase_order"),
        ("expected_date", "2099-01-01"),
    ]
    _number(browser.post("/documents/new", on_time), "CGDD")
    page = browser.get("/trade/purchase/overdue").text
    rows = re.findall(r'class="overdue-row" data-number="([^"]+)"(.*?)</tr>', page, re.S)
    assert [number for number, _ in rows] == [order]
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0][1]))
    assert "2026-11-21" in cells
    assert " 6 " in cells
    assert 'href="/trade/purchase/overdue"' in browser.get("/").text
    assert browser.get("/trade/sales/overdue").status_code == 200
    assert browser.get("/trade/nothing/overdue").status_code == 404


def test_a_salesperson_limited_to_own_documents_sees_and_touches_only_those(
    browser: Browser, system: System, new_browser: Callable[[], Browser]
) -> None:
    for name, own in (("mine", True), ("other", False)):
        data = users.UserData(name, name, "Pass-word-1", ("sales",), own_documents_only=own)
        users.create_user(data, Actor.system(), system.uow())
    me, other = new_browser(), new_browser()
    me.login("mine", "Pass-word-1")
    other.login("other", "Pass-word-1")
    delivery = "sales_delivery"
    theirs = _number(other.post("/documents/new", _order("1", "10", kind=delivery)), "XSCK")
    made = _number(me.post("/documents/new", _order("2", "10", kind=delivery)), "XSCK")
    sold = _number(  # made by the administrator, sold by "mine": approved, so it posts
        browser.post(
            "/documents/new",
            [*_order("3", "10", then="approve", kind=delivery), ("salesperson", "mine")],
        ),
        "XSCK",
    )
    listed = set(re.findall(r'name="numbers" value="([^"]+)"', me.get("/trade/sales").text))
    assert listed == {made, sold}
    assert theirs in other.get("/trade/sales").text  # the unlimited colleague sees all three
    assert me.get(f"/documents/{theirs}").status_code == 404
    assert me.post(f"/documents/{theirs}/submit", {}).status_code == 404
    with system.read_sessions() as session:
        found = document_queries.get_document(session, Actor.system(), theirs)
    assert found["status"] == "draft"  # nothing happened to it
    browser.post(f"/documents/{theirs}/approve", {})
    report = "/reports/sales-statistics?from=2026-11-01&to=2026-11-30"
    totals = {b: b.get(report).text.split('id="report-totals"')[1][:2000] for b in (me, other)}
    assert "30.00" in totals[me]
    assert "40.00" in totals[other]
    form = browser.get("/users/mine").text
    assert re.search(r'name="own_documents_only"[^>]*checked', form)
    assert "仅本人单据" in browser.get("/users").text


def _tax_inclusive_order(browser: Browser, qty: str, price: str, rate: str = "") -> str:
    form = [(k, rate if k == "line_tax_rate" else v) for k, v in _order(qty, price, "approve")]
    response = browser.post("/documents/new", [*form, ("tax_included", "on")])
    assert response.status_code == 200, response.text
    return _number(response, "XSDD")


def test_a_tax_inclusive_price_is_shown_as_typed_when_the_order_is_opened_again(
    browser: Browser,
) -> None:
    number = _tax_inclusive_order(browser, "3", "141.59")
    page = browser.get(f"/documents/{number}").text
    assert '"price": "141.59"' in page  # not its derived net price, 125.300885
    assert "125.300885" not in page
    assert '"tax_rate": "13%"' in page
    assert texts(page, "total-total") == "424.77"


def test_the_offered_default_price_is_tax_inclusive_when_the_document_is(
    browser: Browser, system: System
) -> None:
    prices.set_customer_price("C1", "W1", "2.5", Actor.system(), system.uow())
    query = "/lookup/price?type=sales_order&product=W1&unit=瓶&partner=C1"
    assert browser.get(query).json() == {"price": "2.50"}
    assert browser.get(query + "&tax_included=true").json() == {"price": "2.825"}  # + 13%
    number = _tax_inclusive_order(browser, "2", "")  # no price typed: the offered one
    page = browser.get(f"/documents/{number}").text
    assert '"price": "2.825"' in page
    assert texts(page, "total-total") == "5.65"  # 2 × 2.825


@pytest.mark.parametrize("typed", ["13", "13%", "0.13"])
def test_a_tax_rate_typed_as_13_13_percent_or_0_13_is_13_percent(
    browser: Browser, typed: str
) -> None:
    number = _tax_inclusive_order(browser, "1", "11.30", rate=typed)
    page = browser.get(f"/documents/{number}").text
    assert '"tax_rate": "13%"' in page
    assert texts(page, "total-net") == "10.00"


def test_a_printed_tax_inclusive_line_is_quantity_times_its_printed_price(
    browser: Browser,
) -> None:
    number = _tax_inclusive_order(browser, "3", "141.59")
    html = browser.get(f"/print/documents/{number}").text
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    # 数量 3, 含税单价 141.59, 金额 424.77 = 3 × 141.59, 行折扣 -, 税率 13%, 税额 48.87, 价税合计
    assert cells[:7] == ["3", "141.59", "424.77", "", "13%", "48.87", "424.77"]
    assert texts(html, "print-total-money") == "¥424.77"


def test_generating_twice_leads_to_the_open_draft_instead_of_a_second_one(
    browser: Browser, system: System, admin: Actor
) -> None:
    order = _number(browser.post("/documents/new", _order("10", "5", then="approve")), "XSDD")
    first = _number(browser.post(f"/documents/{order}/next", {}), "XSCK")
    again = browser.post(f"/documents/{order}/next", {})
    assert _number(again, "XSCK") == first
    assert f"{first} 已是 {order} 的未审核草稿" in again.text
    made = receiving.generate_downstream(order, admin, system.uow())
    assert (made.document.number, made.created) == (first, False)
    drafts = browser.get("/trade/sales?type=sales_delivery&status=draft").text
    assert set(re.findall(r"XSCK\d{11}", drafts)) == {first}
