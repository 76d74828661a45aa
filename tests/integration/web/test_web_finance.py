"""财务 screens: 收款单 with settlement, partner statement and aging."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries.trading.payments import get_payment
from openjxc.services import organisations
from tests.integration.web.conftest import Browser, texts
from tests.integration.web.test_web_trading import _number, _order, trade_partners

pytestmark = pytest.mark.usefixtures("shop", "trade_partners")
__all__ = ["trade_partners"]


def _deliver(browser: Browser, qty: str, day: str) -> str:
    form = _order(qty, "10", then="approve", kind="sales_delivery")
    form[form.index(("date", "2026-11-20"))] = ("date", day)
    return _number(browser.post("/documents/new", form), "XSCK")


def _receipt(
    amount: str, then: str = "approve", mode: str = "auto", **chosen: str
) -> list[tuple[str, str]]:
    form = [
        ("type", "customer_receipt"),
        ("date", "2026-11-25"),
        ("partner", "C1"),
        ("amount", amount),
        ("method", "转账"),
        ("mode", mode),
        ("then", then),
    ]
    for number, value in chosen.items():
        form += [("settle_doc", number), ("settle_amount", value)]
    return form


def test_a_receipt_settles_the_oldest_delivery_first(browser: Browser) -> None:
    first = _deliver(browser, "1", "2026-11-20")  # 10.00 + 13% = 11.30
    second = _deliver(browser, "2", "2026-11-21")  # 22.60
    picker = browser.htmx("/payments/open?type=customer_receipt&partner=C1")
    assert picker.text.index(first) < picker.text.index(second)
    assert 'data-open="11.30"' in picker.text
    assert 'data-open="22.60"' in picker.text
    page = browser.post("/payments/new", _receipt("20"))
    assert page.status_code == 200, page.text
    number = _number(page, "SKD")
    settled = page.text.split('id="settlements"')[1]
    assert first in settled
    assert "11.30" in settled
    assert second in settled
    assert "8.70" in settled
    assert texts(page.text, "unapplied") == "0.00"
    assert number in browser.get("/payments?type=customer_receipt").text
    order_chain = browser.get(f"/documents/{second}").text.split('id="trace"')[1]
    assert number in order_chain


def test_a_receipt_settles_the_documents_chosen_by_hand(browser: Browser) -> None:
    first = _deliver(browser, "1", "2026-11-20")
    second = _deliver(browser, "2", "2026-11-21")
    page = browser.post(
        "/payments/new", _receipt("22.60", mode="chosen", **{first: "", second: "22.60"})
    )
    settled = page.text.split('id="settlements"')[1]
    assert second in settled
    assert first not in settled


def test_a_receipt_beyond_what_is_owed_is_refused_on_the_amount(browser: Browser) -> None:
    _deliver(browser, "1", "2026-11-20")
    page = browser.post("/payments/new", _receipt("50"))
    _number(page, "SKD")  # the draft is saved and shown, not approved
    assert "status-draft" in page.text
    assert "11.3" in page.text.split('id="flash"')[1].split("</div>")[0]


def test_a_draft_receipt_is_approved_later_leaving_the_rest_unapplied(browser: Browser) -> None:
    _deliver(browser, "1", "2026-11-20")
    draft = _number(browser.post("/payments/new", _receipt("11.30", then="")), "SKD")
    page = browser.post(f"/payments/{draft}/approve", [("mode", "none")])
    assert page.status_code == 200, page.text
    assert texts(page.text, "unapplied") == "11.30"
    settled = browser.post(f"/payments/{draft}/settle", [("mode", "auto")])
    assert texts(settled.text, "unapplied") == "0.00"


def test_a_draft_receipt_is_edited_then_approved_as_shown(browser: Browser) -> None:
    _deliver(browser, "1", "2026-11-20")  # 11.30 owed
    draft = _number(browser.post("/payments/new", _receipt("5", then="")), "SKD")
    page = browser.get(f"/payments/{draft}")
    assert 'id="action-save"' in page.text
    assert "<fieldset" in page.text
    assert "disabled" not in page.text.split("<fieldset")[1].split(">")[0]
    edit = [(k, v) for k, v in _receipt("6.5", then="") if k != "then"]
    saved = browser.post(f"/payments/{draft}/save", edit)
    assert saved.status_code == 200
    assert 'value="6.50"' in saved.text
    refused = browser.post(f"/payments/{draft}/save", [*edit[:3], ("amount", "0")])
    assert refused.status_code == 422
    assert 'value="6.50"' in browser.get(f"/payments/{draft}").text  # unchanged
    # approving sends the fields as shown: the last edit is saved, then approved
    shown = [(k, "11.30" if k == "amount" else v) for k, v in edit]
    approved = browser.post(f"/payments/{draft}/approve", shown)
    assert approved.status_code == 200, approved.text
    assert "status-approved" in approved.text
    assert texts(approved.text, "unapplied") == "0.00"
    assert 'id="action-save"' not in approved.text  # an approved payment is not edited
    assert "disabled" in approved.text.split("<fieldset")[1].split(">")[0]


def test_the_statement_and_the_aging_show_what_the_customer_owes(browser: Browser) -> None:
    _deliver(browser, "1", "2026-11-20")
    browser.post("/payments/new", _receipt("5"))
    page = browser.get(
        "/finance/statement?partner=C1&account=receivable&from=2026-11-01&to=2026-11-30"
    )
    assert page.status_code == 200
    assert texts(page.text, "opening") == "0.00"
    assert texts(page.text, "increase") == "11.30"
    assert texts(page.text, "decrease") == "5.00"
    assert texts(page.text, "closing") == "6.30"
    aging = browser.get("/finance/aging?account=receivable&as_of=2026-12-31&buckets=30,60")
    row = aging.text.split('id="aging-table"')[1]
    assert "C1" in row
    assert "6.30" in row
    report = browser.get(
        "/reports/receivable-statement?partner=C1&from=2026-11-01&to=2026-11-30"
    ).text
    assert "<td>销售出库</td>" in report
    assert "<td>收款单</td>" in report
    assert "customer_receipt" not in report.split("<tbody")[1]


def test_a_supplier_payment_settles_a_receipt_and_can_be_undone(browser: Browser) -> None:
    form = _order("5", "2", then="approve", kind="purchase_receipt")
    receipt = _number(browser.post("/documents/new", form), "CGRK")  # 10.00 + 13% (W1's rate)
    picker = browser.htmx("/payments/open?type=supplier_payment&partner=S1")
    assert receipt in picker.text, picker.text
    assert 'data-open="11.30"' in picker.text
    payment = [
        ("type", "supplier_payment"),
        ("date", "2026-11-25"),
        ("partner", "S1"),
        ("amount", "11.30"),
        ("mode", "auto"),
        ("then", "approve"),
    ]
    page = browser.post("/payments/new", payment)
    number = _number(page, "FKD")
    assert receipt in page.text.split('id="settlements"')[1]
    refused = browser.post(f"/payments/{number}/unapprove", {})
    assert refused.status_code == 422  # settled: undo the settlement first
    undone = browser.post(f"/payments/{number}/unsettle", {})
    assert texts(undone.text, "unapplied") == "11.30"
    back = browser.post(f"/payments/{number}/unapprove", {})
    assert "status-draft" in back.text
    assert number in browser.get("/payments?type=supplier_payment&partner=S1").text


def test_with_stores_a_receipt_names_the_store_it_belongs_to(
    browser: Browser, system: System
) -> None:
    organisations.create_organisation(
        organisations.OrganisationData("S01", "一号店", "store", parent="HQ"),
        Actor.system(),
        system.uow(),
    )
    form = browser.get("/payments/new?type=customer_receipt").text
    assert 'id="f-organisation"' in form
    assert "S01 一号店" in form
    page = browser.post("/payments/new", [*_receipt("5", then=""), ("organisation", "S01")])
    number = _number(page, "SKD")
    assert 'value="S01" selected' in browser.get(f"/payments/{number}").text
    default = _number(browser.post("/payments/new", _receipt("6", then="")), "SKD")
    with system.read_sessions() as session:
        found = {
            n: get_payment(session, Actor.system(), n)["organisation"] for n in (number, default)
        }
    assert found == {number: "S01", default: "HQ"}  # none chosen by an administrator: HQ


def test_the_receipts_list_finds_by_number_and_dates_and_exports_them(browser: Browser) -> None:
    _deliver(browser, "2", "2026-11-20")  # 22.60 owed
    settled = _number(browser.post("/payments/new", _receipt("20")), "SKD")
    draft_form = _receipt("5", then="")
    draft_form[draft_form.index(("date", "2026-11-25"))] = ("date", "2026-11-26")
    draft = _number(browser.post("/payments/new", draft_form), "SKD")
    by_number = browser.htmx(f"/payments?type=customer_receipt&q={draft[-4:]}").text
    assert draft in by_number
    assert settled not in by_number
    by_date = browser.htmx("/payments?type=customer_receipt&from=2026-11-26").text
    assert draft in by_date
    assert settled not in by_date
    exported = browser.get("/payments/export?type=customer_receipt&format=csv")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    header, *rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert header[:7] == ["单号", "日期", "往来单位", "门店", "金额", "已核销", "未核销余额"]
    by = {r[0]: r for r in rows}
    assert by[settled][4:7] == ["20.00", "20.00", "0.00"]
    assert by[draft][4:7] == ["5.00", "0.00", "0.00"]
    assert by[settled][header.index("状态")] == "已审核"
    xlsx = browser.get("/payments/export?type=customer_receipt&format=xlsx&status=draft")
    assert xlsx.content[:2] == b"PK"
    assert browser.get("/payments/export?type=nothing").status_code == 422


def test_the_receipts_toolbar_approves_ticked_drafts_oldest_first(browser: Browser) -> None:
    delivery = _deliver(browser, "1", "2026-11-20")  # 11.30 owed
    draft = _number(browser.post("/payments/new", _receipt("11.30", then="")), "SKD")
    back = "/payments?type=customer_receipt"
    page = browser.post("/payments/bulk", {"action": "approve", "numbers": draft, "back": back})
    assert page.status_code == 200
    assert str(page.url).endswith(back)
    assert f"{draft} 已审核" in page.text.replace("。", "")
    shown = browser.get(f"/payments/{draft}").text
    assert "status-approved" in shown
    assert delivery in shown.split('id="settlements"')[1]
    again = browser.post("/payments/bulk", {"action": "approve", "numbers": draft, "back": back})
    assert f"{draft}:" in again.text  # already approved: said, nothing changes
    nothing = browser.post("/payments/bulk", {"action": "void", "back": back})
    assert "请先勾选" in nothing.text


def test_the_payments_toolbar_offers_only_what_the_user_may_do(
    new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    make_user("seller", "sales")
    make_user("money", "finance")
    shown = {}
    for user in ("seller", "money"):
        b = new_browser()
        b.login(user)
        page = b.get("/payments?type=customer_receipt").text
        shown[user] = set(re.findall(r'id="bulk-([a-z-]+)"', page)) - {"form"}
    assert shown == {"seller": set(), "money": {"approve", "unapprove", "void"}}
