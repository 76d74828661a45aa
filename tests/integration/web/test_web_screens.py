"""Screens that said or offered the wrong thing (issue #17, item 14): 审核 to who may not take
it, an approved transfer without its batches, the statement's balance and print button, the
stock balances' warehouse column on a phone, 批次与冻结's codes and forms."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.integration.web.conftest import Browser
from tests.integration.web.test_web_batch_picker import cream
from tests.integration.web.test_web_finance import _deliver, _receipt
from tests.integration.web.test_web_trading import _number, trade_partners

pytestmark = pytest.mark.usefixtures("shop", "trade_partners")
__all__ = ["cream", "trade_partners"]

WRITE_OFF = [
    ("type", "write_off"),
    ("date", "2026-11-20"),
    ("warehouse", "CW"),
    ("reason", "damage"),
    ("line_product", "W1"),
    ("line_unit", "瓶"),
    ("line_qty", "3"),
]


def _approver(
    make_user: Callable[..., None], new_browser: Callable[[], Browser], name: str
) -> Browser:
    make_user(name, "admin")
    other = new_browser()
    other.login(name)
    return other


def test_the_creator_of_a_two_step_write_off_is_offered_no_approve_button(
    browser: Browser, make_user: Callable[..., None], new_browser: Callable[[], Browser]
) -> None:
    assert 'id="save-approve"' not in browser.get("/documents/new?type=write_off").text
    write_off = _number(browser.post("/documents/new", [*WRITE_OFF, ("then", "submit")]), "BSD")
    own = browser.get(f"/documents/{write_off}").text
    assert "status-submitted" in own
    assert 'id="action-approve"' not in own
    assert 'id="action-reject"' not in own
    other = _approver(make_user, new_browser, "boss").get(f"/documents/{write_off}").text
    assert 'id="action-approve"' in other
    assert 'id="action-reject"' in other


def test_who_took_the_first_step_is_not_offered_the_second(
    browser: Browser, make_user: Callable[..., None], new_browser: Callable[[], Browser]
) -> None:
    write_off = _number(browser.post("/documents/new", [*WRITE_OFF, ("then", "submit")]), "BSD")
    keeper = _approver(make_user, new_browser, "keeper")
    keeper.post(f"/documents/{write_off}/approve", {"comment": ""})
    assert 'id="action-approve"' not in keeper.get(f"/documents/{write_off}").text
    boss = _approver(make_user, new_browser, "boss")
    assert 'id="action-approve"' in boss.get(f"/documents/{write_off}").text


def test_a_one_step_document_still_offers_its_creator_approve(browser: Browser) -> None:
    assert 'id="save-approve"' in browser.get("/documents/new?type=other_issue").text
    form = [*WRITE_OFF, ("then", "")]
    form[0] = ("type", "other_issue")
    issue = _number(browser.post("/documents/new", form), "QTCK")
    assert 'id="save-approve"' in browser.get(f"/documents/{issue}").text


@pytest.mark.usefixtures("cream")
def test_an_approved_transfer_shows_the_batches_its_lines_took(browser: Browser) -> None:
    form = [
        ("type", "transfer"),
        ("date", "2026-11-20"),
        ("warehouse", "CW"),
        ("to_warehouse", "SW"),
        ("then", "approve"),
        ("line_product", "CREAM"),
        ("line_unit", "kg"),
        ("line_qty", "4"),
    ]
    page = browser.post("/documents/new", form)
    assert "status-approved" in page.text, page.text
    transfer = _number(page, "DBD")
    cells = re.findall(
        r'<td class="line-batches">(.*?)</td>', browser.get(f"/documents/{transfer}").text, re.S
    )
    assert len(cells) == 1
    assert cells[0].strip() == "L-OLD × 2 kg, L-SOON × 2 kg"  # first expiry first out


def test_the_statement_labels_the_money_balance_and_links_to_its_print_view(
    browser: Browser,
) -> None:
    _deliver(browser, "1", "2026-11-20")
    browser.post("/payments/new", _receipt("5"))
    page = browser.get(
        "/finance/statement?partner=C1&account=receivable&from=2026-11-01&to=2026-11-30"
    ).text
    head = page.split('id="statement"')[1].split("</thead>")[0]
    assert "余额" in head
    assert "结存数量" not in page
    link = re.search(r'id="print-statement"[^>]*href="([^"]+)"', page)
    assert link
    url = link.group(1).replace("&amp;", "&")
    assert url == "/print/statement?partner=C1&account=receivable&from=2026-11-01&to=2026-11-30"
    printed = browser.get(url)
    assert printed.status_code == 200
    assert "6.30" in printed.text


def test_the_statement_type_column_does_not_wrap(browser: Browser) -> None:
    _deliver(browser, "1", "2026-11-20")
    page = browser.get("/finance/statement?partner=C1&from=2026-11-01&to=2026-11-30").text
    assert re.search(r'<td class="text-nowrap">\s*销售出库\s*</td>', page)


def test_the_stock_balances_show_the_warehouse_at_every_width(browser: Browser) -> None:
    page = browser.get("/stock/balances").text
    head = page.split('id="balance-table"')[1].split("</thead>")[0]
    warehouse = re.search(r"<th([^>]*)>仓库</th>", head)
    assert warehouse
    assert "d-none" not in warehouse.group(1)
    row = page.split('id="balance-table"')[1].split("<tbody>")[1].split("</tr>")[0]
    assert "中央仓" in row
    assert 'd-none d-md-table-cell">中央仓' not in row


@pytest.mark.usefixtures("cream")
def test_batches_and_holds_name_products_and_warehouses(browser: Browser) -> None:
    page = browser.get("/stock/batches?product=CREAM").text
    table = page.split('id="batch-table"')[1]
    assert "淡奶油" in table
    assert "中央仓" in table
    assert "门店仓" in table


@pytest.mark.usefixtures("cream")
def test_each_batch_row_has_one_hold_action_whose_form_opens_on_demand(
    browser: Browser,
) -> None:
    page = browser.get("/stock/batches?product=CREAM").text
    rows = page.split('id="batch-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = [r for r in rows.split("<tr>") if "CREAM" in r]
    assert len(rows) == 6
    for row in rows:
        # a held batch is released with one button; any other opens its hold form
        actions = re.findall(r'value="(hold|release)"', row)
        assert len(actions) == 1, row
        if actions == ["hold"]:
            assert re.search(r'<details class="hold-form">\s*<summary', row)
            assert '<details class="hold-form" open' not in row
            assert row.index("<details") < row.index('name="reason"')
        else:
            assert "L-HELD" in row
            assert 'name="reason"' not in row
    held = browser.post(
        "/stock/holds",
        {"product": "CREAM", "batch": "L-LATE", "action": "hold", "reason": "抽检"},
    )
    assert "L-LATE" in held.text
    table = held.text.split('id="batch-table"')[1]
    late = [r for r in table.split("<tr>") if "L-LATE" in r and "CREAM" in r]
    assert late
    assert 'value="release"' in late[0]
