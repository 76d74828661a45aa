"""审批中心 and two-step transfers, through the routes a browser uses."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables.access import user_account
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import approval_rules, auth
from openjxc.services.inventory import approval as stock_approval
from openjxc.services.inventory import documents as stock_documents
from tests.integration.web.conftest import Browser, texts
from tests.integration.web.test_web_trading import _number, _order, trade_partners

pytestmark = pytest.mark.usefixtures("shop", "trade_partners")
__all__ = ["trade_partners"]


def _two_admins(
    system: System, make_user: Callable[..., None], new_browser: Callable[[], Browser]
) -> tuple[Browser, Browser]:
    """Sales orders need two approval steps: an administrator, then boss2; both logged in."""
    bosses = []
    for name in ("boss1", "boss2"):
        make_user(name, "admin")
        b = new_browser()
        b.login(name)
        bosses.append(b)
    with system.read_sessions() as session:
        boss2 = session.execute(
            select(user_account.c.id).where(user_account.c.username == "boss2")
        ).scalar_one()
    approval_rules.add_approval_rule(
        approval_rules.RuleInput("sales_order", [{"role": "admin"}, {"user_id": boss2}]),
        Actor.system(),
        system.uow(),
    )
    return bosses[0], bosses[1]


def test_a_two_step_order_is_approved_in_the_center_by_two_approvers(
    browser: Browser,
    system: System,
    make_user: Callable[..., None],
    new_browser: Callable[[], Browser],
) -> None:
    boss1, boss2 = _two_admins(system, make_user, new_browser)
    order = _number(browser.post("/documents/new", _order("2", "50", then="submit")), "XSDD")
    center = boss1.get("/approvals")
    row = re.search(rf'data-number="{order}">(.*?)</tr>', center.text, re.S)
    assert row
    assert "113.00" in row.group(1)
    assert "1/2" in row.group(1)
    first = boss1.post(
        f"/documents/{order}/approve",
        {"comment": "价格已核"},
        headers={"referer": "http://testserver/approvals"},
    )
    assert str(first.url).endswith("/approvals")
    assert f'data-number="{order}"' not in first.text  # the next step is boss2's
    assert "价格已核" in first.text.split('id="history"')[1]
    assert "status-submitted" in boss1.get(f"/documents/{order}").text
    second = boss2.get("/approvals")
    assert re.search(rf'data-number="{order}">.*?2/2', second.text, re.S)
    boss2.post(
        f"/documents/{order}/approve",
        {"comment": "同意"},
        headers={"referer": "http://testserver/approvals"},
    )
    page = browser.get(f"/documents/{order}")
    assert "status-approved" in page.text
    history = page.text.split('id="approval-history"')[1]
    assert "boss1" in history
    assert "价格已核" in history
    assert "boss2" in history


def test_a_rejection_with_a_comment_sends_the_order_back_to_draft(
    browser: Browser,
    system: System,
    make_user: Callable[..., None],
    new_browser: Callable[[], Browser],
) -> None:
    boss1, _boss2 = _two_admins(system, make_user, new_browser)
    order = _number(browser.post("/documents/new", _order("2", "50", then="submit")), "XSDD")
    boss1.get("/approvals")
    boss1.post(
        f"/documents/{order}/reject",
        {"comment": "价格太低"},
        headers={"referer": "http://testserver/approvals"},
    )
    page = browser.get(f"/documents/{order}")
    assert "价格太低" in page.text.split('id="approval-history"')[1]
    assert 'name="line_qty"' in page.text  # a draft again: editable


def test_a_submitted_write_off_takes_two_more_people_in_the_center(
    browser: Browser, make_user: Callable[..., None], new_browser: Callable[[], Browser]
) -> None:
    form = [
        ("type", "write_off"),
        ("date", "2026-11-20"),
        ("warehouse", "CW"),
        ("reason", "damage"),
        ("then", "submit"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "3"),
    ]
    write_off = _number(browser.post("/documents/new", form), "BSD")
    assert f'data-number="{write_off}"' not in browser.get("/approvals").text  # the creator's
    approvers = []
    for name in ("keeper", "boss"):
        make_user(name, "admin")
        approver = new_browser()
        approver.login(name)
        approvers.append(approver)
    keeper, boss = approvers
    row = re.search(rf'data-number="{write_off}">(.*?)</tr>', keeper.get("/approvals").text, re.S)
    assert row
    assert "1/2" in row.group(1)
    assert "CW" in row.group(1)
    first = keeper.post(
        f"/documents/{write_off}/approve",
        {"comment": "破损属实"},
        headers={"referer": "http://testserver/approvals"},
    )
    assert f'data-number="{write_off}"' not in first.text  # not twice by one person
    assert "status-submitted" in keeper.get(f"/documents/{write_off}").text
    row = re.search(rf'data-number="{write_off}">(.*?)</tr>', boss.get("/approvals").text, re.S)
    assert row
    assert "2/2" in row.group(1)
    done = boss.post(
        f"/documents/{write_off}/approve",
        {"comment": ""},
        headers={"referer": "http://testserver/approvals"},
    )
    assert f'data-number="{write_off}"' not in done.text
    page = boss.get(f"/documents/{write_off}").text
    assert "status-approved" in page
    assert "破损属实" in page.split('id="approval-history"')[1]
    # its 红冲 waits for the same two steps: the red-letter document is submitted, not posted
    red = browser.post(f"/documents/{write_off}/red-reverse", {})
    assert "等待审批" in red.text
    assert "status-submitted" in red.text
    assert "status-approved" in browser.get(f"/documents/{write_off}").text


def test_a_two_step_transfer_waits_in_transit_until_received(browser: Browser) -> None:
    form = [
        ("type", "transfer"),
        ("date", "2026-11-20"),
        ("warehouse", "CW"),
        ("to_warehouse", "SW"),
        ("two_step", "on"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "4"),
    ]
    page = browser.post("/documents/new", form)
    transfer = _number(page, "DBD")
    assert "status-in_transit" in page.text
    assert 'id="action-receive"' in page.text
    listing = browser.get("/stock/in-transit")
    assert f'id="receive-{transfer}"' in listing.text
    received = browser.post(
        f"/documents/{transfer}/receive",
        {},
        headers={"referer": "http://testserver/stock/in-transit"},
    )
    assert str(received.url).endswith("/stock/in-transit")
    assert transfer not in received.text.split('id="transit-table"')[1]
    assert "status-approved" in browser.get(f"/documents/{transfer}").text


def test_a_write_off_waits_with_its_value_at_cost_and_the_home_card_counts_the_inbox(
    browser: Browser,
    system: System,
    make_user: Callable[..., None],
    new_browser: Callable[[], Browser],
) -> None:
    receipt = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", "CW")]
    receipt += [("then", "approve"), ("line_product", "W1"), ("line_unit", "瓶")]
    receipt += [("line_qty", "10"), ("line_cost", "2.5"), ("line_batch", ""), ("line_expiry", "")]
    browser.post("/documents/new", receipt)
    make_user("keeper", "warehouse")
    make_user("manager", "store_manager")
    data = stock_documents.DocumentInput(
        type="write_off",
        date=clock.today(),
        warehouse="CW",
        lines=[stock_documents.LineInput(product="W1", qty="4", unit="瓶")],
        reason="damage",
    )
    keeper_actor = auth.actor_for_username("keeper", system.uow())
    number = stock_documents.create_document(data, keeper_actor, system.uow()).number
    stock_approval.submit_document(number, keeper_actor, system.uow())
    manager, keeper = new_browser(), new_browser()
    manager.login("manager")
    keeper.login("keeper")
    row = re.search(rf'data-number="{number}">(.*?)</tr>', manager.get("/approvals").text, re.S)
    # 4 瓶 at the average cost: (100 opening at 2.00 + 10 at 2.50) / 110 = 2.0454…
    assert row
    assert ">8.18<" in row.group(1)
    assert texts(manager.get("/").text, "card-waiting") == "1"
    assert texts(keeper.get("/").text, "card-waiting") == "0"  # a keeper approves nothing
