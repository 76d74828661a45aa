"""借出未还 › 登记归还: a loan return drafted from the loan, edited and approved in the editor."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.queries import documents as document_queries
from openjxc.queries.loans import open_loans
from openjxc.services import partners
from openjxc.services.inventory import approval, documents
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture
def loan(system: System) -> str:
    """2 箱 (48 瓶) of W1 lent from CW to customer C01, 10 days to bring them back."""
    actor, uow = Actor.system(), system.uow
    partners.create_partner(partners.PartnerData("C01", "华联超市", "customer"), actor, uow())
    today = clock.today()
    stock = documents.DocumentInput(
        "opening_stock",
        today,
        "CW",
        [documents.LineInput("W1", "100", unit_cost="2")],
    )
    approval.approve_document(documents.create_document(stock, actor, uow()).number, actor, uow())
    lent = documents.DocumentInput(
        "other_issue",
        today,
        "CW",
        [documents.LineInput("W1", "2", unit="箱")],
        partner="C01",
        reason="lending",
        expected_return_date=today + timedelta(days=10),
    )
    number = documents.create_document(lent, actor, uow()).number
    approval.approve_document(number, actor, uow())
    return number


def _outstanding(system: System) -> list[tuple[str, Decimal]]:
    with system.read_sessions() as session:
        rows = open_loans(session, Actor.system(), clock.today())
    return [(r.document, r.outstanding) for r in rows]


def _number(response_url: object) -> str:
    return str(response_url).rsplit("/", 1)[-1]


def test_a_return_is_drafted_from_the_loan_and_approved(
    browser: Browser, system: System, loan: str
) -> None:
    page = browser.get("/stock/loans").text
    assert f'action="/stock/loans/{loan}/return"' in page
    drafted = browser.post(f"/stock/loans/{loan}/return", {})
    assert drafted.status_code == 200
    assert "/documents/QTRK" in str(drafted.url)
    number = _number(drafted.url)
    with system.read_sessions() as session:
        doc = document_queries.get_document(session, Actor.system(), number)
    assert (doc["type"], doc["reason"], doc["status"]) == ("other_receipt", "loan_return", "draft")
    assert (doc["source_document"], doc["partner"], doc["warehouse"]) == (loan, "C01", "CW")
    assert [(ln["product"], ln["unit"], ln["qty"]) for ln in doc["lines"]] == [
        ("W1", "箱", Decimal(2))
    ]
    assert f'href="/documents/{loan}"' in drafted.text  # the editor names its source
    assert _outstanding(system) == [(loan, Decimal(48))]  # a draft brings nothing back
    again = browser.post(f"/stock/loans/{loan}/return", {})  # a second click: the same draft
    assert _number(again.url) == number
    assert "等待完成" in again.text
    approved = browser.post(f"/documents/{number}/approve", {})
    assert approved.status_code == 200
    assert "status-approved" in approved.text
    assert _outstanding(system) == []
    assert f"/stock/loans/{loan}/return" not in browser.get("/stock/loans").text


def test_a_partial_return_is_edited_in_the_editor_before_it_is_approved(
    browser: Browser, system: System, loan: str
) -> None:
    number = _number(browser.post(f"/stock/loans/{loan}/return", {}).url)
    form = [
        ("date", clock.today().isoformat()),
        ("warehouse", "CW"),
        ("partner", "C01"),
        ("reason", "loan_return"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "30"),
    ]
    saved = browser.post(f"/documents/{number}", form)
    assert saved.status_code == 200, saved.text[-2000:]
    assert "status-approved" in saved.text, saved.text[-2000:]
    assert _outstanding(system) == [(loan, Decimal(18))]
    # the next return offers what is still out, in the base unit
    again = browser.post(f"/stock/loans/{loan}/return", {})
    with system.read_sessions() as session:
        doc = document_queries.get_document(session, Actor.system(), _number(again.url))
    assert [(ln["unit"], ln["qty"]) for ln in doc["lines"]] == [("瓶", Decimal(18))]


def test_more_than_is_out_is_refused_on_its_line(
    browser: Browser, system: System, loan: str
) -> None:
    number = _number(browser.post(f"/stock/loans/{loan}/return", {}).url)
    form = [
        ("date", clock.today().isoformat()),
        ("warehouse", "CW"),
        ("reason", "loan_return"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "49"),
    ]
    refused = browser.post(f"/documents/{number}", form)
    assert refused.status_code == 422
    assert "49" in refused.text
    assert "48" in refused.text
    with system.read_sessions() as session:
        doc = document_queries.get_document(session, Actor.system(), number)
    assert [(ln["unit"], ln["qty"]) for ln in doc["lines"]] == [("箱", Decimal(2))]


def test_a_loan_all_back_is_not_returned_again(browser: Browser, system: System, loan: str) -> None:
    number = _number(browser.post(f"/stock/loans/{loan}/return", {}).url)
    browser.post(f"/documents/{number}/approve", {})
    again = browser.post(f"/stock/loans/{loan}/return", {})
    assert str(again.url).endswith("/stock/loans")
    assert "已全部归还" in again.text
    with system.read_sessions() as session:
        _rows, count = document_queries.list_documents(
            session, Actor.system(), type="other_receipt"
        )
    assert count == 1


def test_only_who_may_write_stock_documents_records_a_return(
    system: System,
    loan: str,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    make_user("viewer", "viewer")
    viewer = new_browser()
    viewer.login("viewer")
    page = viewer.get("/stock/loans").text
    assert loan in page
    assert "/return" not in page
    assert viewer.post(f"/stock/loans/{loan}/return", {}).status_code == 403
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    drafted = keeper.post(f"/stock/loans/{loan}/return", {})
    assert re.search(r"/documents/QTRK\d+$", str(drafted.url))
