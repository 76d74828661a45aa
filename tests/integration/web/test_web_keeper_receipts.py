"""仓管员收货: a keeper records purchase receipts against orders, quantities only, no prices."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import PermissionDenied, ValidationError
from openjxc.queries import documents
from openjxc.services import partners
from openjxc.services.trading import approval
from openjxc.services.trading import documents as trade
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")
KEEPER = Actor(None, "keeper", frozenset(map(str, BUILTIN_ROLES["warehouse"][2])))


def _order(system: System) -> str:
    """An approved order from S1 for 10 瓶 of W1 at 2.50 (13% tax) into CW."""
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), actor, system.uow())
    data = trade.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade.TradeLineInput(product="W1", qty="10", unit="瓶", price="2.50")],
    )
    number = trade.create_trade_document(data, actor, system.uow()).number
    approval.approve_trade_document(number, actor, system.uow())
    return number


def _document(system: System, number: str, actor: Actor | None = None) -> dict:  # type: ignore[type-arg]
    with system.read_sessions() as session:
        return documents.get_document(session, actor or Actor.system(), number)


def _receipt_from(system: System, order: str, actor: Actor) -> str:
    data = trade.TradeInput(
        type="purchase_receipt",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        from_documents=[order],
    )
    return trade.create_trade_document(data, actor, system.uow()).number


def _line_input(system: System, number: str, qty: str, **terms: object) -> trade.TradeInput:
    line = _document(system, number)["lines"][0]
    return trade.TradeInput(
        type="purchase_receipt",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[
            trade.TradeLineInput(
                product="W1", qty=qty, unit="瓶", source_line=line["source_line"], **terms
            )
        ],
    )


def test_a_keeper_receives_an_order_at_its_prices_and_submits_it(system: System) -> None:
    order = _order(system)
    number = _receipt_from(system, order, KEEPER)
    trade.update_trade_document(number, _line_input(system, number, "8"), KEEPER, system.uow())
    approval.submit_trade_document(number, KEEPER, system.uow())
    doc = _document(system, number)
    line = doc["lines"][0]
    assert doc["status"] == "submitted"
    assert (line["qty"], line["price"], line["net_amount"]) == (8, Decimal("2.5"), Decimal("20"))
    assert line["tax"] == Decimal("2.6")


def test_a_keeper_may_not_give_a_price_nor_receive_without_an_order(system: System) -> None:
    order = _order(system)
    number = _receipt_from(system, order, KEEPER)
    priced = _line_input(system, number, "8", price="1")
    with pytest.raises(ValidationError) as refused:
        trade.update_trade_document(number, priced, KEEPER, system.uow())
    assert refused.value.details[0]["code"] == "price_not_yours"
    free = trade.TradeInput(
        type="purchase_receipt",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade.TradeLineInput(product="W1", qty="1", unit="瓶")],
    )
    with pytest.raises(ValidationError) as refused:
        trade.create_trade_document(free, KEEPER, system.uow())
    assert refused.value.details[0]["code"] == "order_line_required"
    assert _document(system, number)["lines"][0]["qty"] == 10  # nothing changed


def test_a_keeper_writes_no_other_purchasing_document(system: System) -> None:
    order = _order(system)
    data = trade.TradeInput(
        type="purchase_order", date=clock.today(), warehouse="CW", partner="S1", lines=[]
    )
    with pytest.raises(PermissionDenied):
        trade.create_trade_document(data, KEEPER, system.uow())
    with pytest.raises(PermissionDenied):
        approval.approve_trade_document(_receipt_from(system, order, KEEPER), KEEPER, system.uow())


def test_a_keeper_edit_keeps_the_price_purchasing_gave_the_draft(system: System) -> None:
    order = _order(system)
    number = _receipt_from(system, order, Actor.system())
    repriced = _line_input(system, number, "10", price="3")
    trade.update_trade_document(number, repriced, Actor.system(), system.uow())
    trade.update_trade_document(number, _line_input(system, number, "4"), KEEPER, system.uow())
    line = _document(system, number)["lines"][0]
    assert (line["qty"], line["price"], line["net_amount"]) == (4, Decimal("3"), Decimal("12"))


def test_a_keeper_edit_keeps_the_order_discount_purchasing_gave(system: System) -> None:
    order = _order(system)
    number = _receipt_from(system, order, Actor.system())
    discounted = replace(_line_input(system, number, "10"), order_discount="1.25")
    trade.update_trade_document(number, discounted, Actor.system(), system.uow())
    trade.update_trade_document(number, _line_input(system, number, "10"), KEEPER, system.uow())
    doc = _document(system, number)
    assert doc["order_discount"] == Decimal("1.25")
    assert doc["total"] == Decimal("27.00")


def test_a_keeper_sees_no_purchase_prices(system: System) -> None:
    order = _order(system)
    doc = _document(system, order, KEEPER)
    assert doc["total"] is None
    assert doc["lines"][0]["price"] is None
    assert doc["lines"][0]["net_amount"] is None
    assert doc["lines"][0]["qty"] == 10
    assert _document(system, order)["lines"][0]["price"] == Decimal("2.5")


def test_the_keeper_editor_receives_against_the_order_without_prices(
    system: System, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    order = _order(system)
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    assert 'href="/trade/purchase?type=purchase_receipt"' in keeper.get("/").text
    listing = keeper.get("/trade/purchase").text
    assert 'id="new-document"' not in listing  # a keeper starts a receipt from an order
    make_user("buyer", "purchasing")
    buyer = new_browser()
    buyer.login("buyer")
    assert ">2.50<" in buyer.get(f"/documents/{order}").text
    page = keeper.get(f"/documents/{order}")
    assert ">2.50<" not in page.text
    assert 'id="action-next"' in page.text
    created = keeper.post(f"/documents/{order}/next", {})
    assert created.status_code == 200, created.text
    number = re.search(r"CGRK\d{11}", str(created.url)).group(0)  # type: ignore[union-attr]
    assert 'id="receives-only"' in created.text
    assert "line_price" not in created.text
    grid = json.loads(re.search(r"billEditor\((\[.*?\]), \{", created.text).group(1))  # type: ignore[union-attr]
    assert grid[0]["price"] == ""
    assert grid[0]["net_amount"] == ""
    form = [
        ("date", clock.today().isoformat()),
        ("warehouse", "CW"),
        ("partner", "S1"),
        ("then", "submit"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "9"),
        ("line_batch", ""),
        ("line_expiry", ""),
        ("line_source", ""),
    ]
    refused = keeper.post(f"/documents/{number}", form)
    assert refused.status_code == 422
    assert "仓管员只能按采购订单的行收货" in refused.text
    form[-1] = ("line_source", str(grid[0]["source"]))
    saved = keeper.post(f"/documents/{number}", form)
    assert saved.status_code == 200, saved.text
    doc = _document(system, number)
    assert doc["status"] == "submitted"
    assert (doc["lines"][0]["qty"], doc["lines"][0]["net_amount"]) == (9, Decimal("22.5"))
