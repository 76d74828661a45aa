"""移动扫码 收货 onto the order's open draft receipt, and a stale receipt's refusal in the
unit its line is counted in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.messages import describe
from openjxc.queries import documents
from openjxc.services import partners
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import documents as trade_documents
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def _order(system: System, qty: str, unit: str) -> str:
    """An approved purchase order from supplier S1 for ``qty`` ``unit`` of W1 into CW."""
    actor = Actor.system()
    with system.read_sessions() as session:
        known = documents.list_documents(session, actor, type="purchase_order")[1]
    if not known:
        supplier = partners.PartnerData("S1", "供应商", "supplier")
        partners.create_partner(supplier, actor, system.uow())
    data = trade_documents.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput(product="W1", qty=qty, unit=unit, price="48")],
    )
    number = trade_documents.create_trade_document(data, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())
    return number


def _generated(system: System, *order: str) -> str:
    """The desktop's 生成下游单据: a draft receipt of every open quantity of ``order``."""
    data = trade_documents.TradeInput(
        type="purchase_receipt",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        from_documents=list(order),
        remarks="门卫签收",
    )
    return trade_documents.create_trade_document(data, Actor.system(), system.uow()).number


def _receipts(system: System) -> list[str]:
    with system.read_sessions() as session:
        rows, _ = documents.list_documents(session, Actor.system(), type="purchase_receipt")
    return sorted(r["number"] for r in rows)


def _document(system: System, number: str) -> dict:  # type: ignore[type-arg]
    with system.read_sessions() as session:
        return documents.get_document(session, Actor.system(), number)


def _scan(qty: str) -> list[tuple[str, str]]:
    return [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", qty)]


def test_receiving_writes_onto_the_draft_the_desktop_generated_instead_of_a_second_one(
    browser: Browser, system: System
) -> None:
    order = _order(system, "2", "箱")
    generated = _generated(system, order)
    saved = browser.post(f"/mobile/receive/{order}", _scan("30"))
    assert saved.status_code == 200, saved.text
    assert saved.json()["number"] == generated
    assert _receipts(system) == [generated]
    receipt = _document(system, generated)
    assert receipt["remarks"] == "门卫签收"
    order_line = _document(system, order)["lines"][0]["id"]
    # what arrived, against the order line, at the order's price per 瓶 (48 / 24)
    assert [(ln["qty"], ln["unit"], ln["source_line"], ln["price"]) for ln in receipt["lines"]] == [
        (30, "瓶", order_line, Decimal("2"))
    ]


def test_receiving_twice_on_the_phone_keeps_one_draft_with_the_last_scan(
    browser: Browser, system: System
) -> None:
    order = _order(system, "2", "箱")
    first = browser.post(f"/mobile/receive/{order}", _scan("10")).json()["number"]
    again = browser.post(f"/mobile/receive/{order}", _scan("12"))
    assert again.status_code == 200, again.text
    assert again.json()["number"] == first
    assert _receipts(system) == [first]
    assert [ln["qty"] for ln in _document(system, first)["lines"]] == [12]


def test_an_approved_receipt_is_not_reused_the_next_delivery_gets_a_new_draft(
    browser: Browser, system: System
) -> None:
    order = _order(system, "2", "箱")
    first = browser.post(f"/mobile/receive/{order}", _scan("24")).json()["number"]
    trade_approval.approve_trade_document(first, Actor.system(), system.uow())
    second = browser.post(f"/mobile/receive/{order}", _scan("24"))
    assert second.status_code == 200, second.text
    assert second.json()["number"] != first
    assert _receipts(system) == sorted([first, second.json()["number"]])


def test_approving_a_stale_receipt_is_refused_in_the_unit_its_line_is_counted_in(
    system: System,
) -> None:
    order = _order(system, "3", "箱")
    first, stale = _generated(system, order), _generated(system, order)
    order_line = _document(system, order)["lines"][0]["id"]
    one_case = trade_documents.TradeInput(
        type="purchase_receipt",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput("W1", "1", "箱", source_line=order_line)],
    )
    trade_documents.update_trade_document(first, one_case, Actor.system(), system.uow())
    trade_approval.approve_trade_document(first, Actor.system(), system.uow())
    with pytest.raises(ValidationError) as refused:
        trade_approval.approve_trade_document(stale, Actor.system(), system.uow())
    message = describe(refused.value, "zh-CN")["message"]
    assert "数量 3 箱，已入库 1 箱，本次 3 箱，最多还可入库 2 箱" in message


def test_a_draft_against_two_orders_keeps_the_other_orders_lines_as_they_were(
    browser: Browser, system: System
) -> None:
    first, second = _order(system, "2", "箱"), _order(system, "1", "箱")
    generated = _generated(system, first, second)
    saved = browser.post(f"/mobile/receive/{first}", _scan("30"))
    assert saved.json()["number"] == generated
    lines = _document(system, generated)["lines"]
    first_line = _document(system, first)["lines"][0]["id"]
    second_line = _document(system, second)["lines"][0]["id"]
    assert [(ln["qty"], ln["unit"], ln["source_line"], ln["price"]) for ln in lines] == [
        (30, "瓶", first_line, Decimal("2")),
        (1, "箱", second_line, Decimal("48")),
    ]
