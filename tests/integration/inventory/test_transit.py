"""Two-step transfers (两步调拨): issued into transit (在途), received later at the same value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import partners, warehouses
from openjxc.services.inventory import approval, documents, stocktake, transit
from openjxc.services.inventory.documents import DocumentInput, LineInput
from openjxc.services.trading import documents as trade_documents
from tests.integration.inventory.conftest import DAY, Post, balance, doctor

TRANSIT = "TRANSIT-HQ"


def status_of(world: System, number: str) -> Status:
    with world.uow() as uow:
        return documents.get_document(uow, number).status


def test_approval_puts_the_goods_in_transit_and_receipt_brings_them_in(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    post("other_receipt", ("MA", "10", "3.00"))  # average 2.50
    number = post("transfer", ("MA", "4"), to_warehouse="W2", two_step=True)
    assert status_of(world, number) is Status.IN_TRANSIT
    assert balance(world, "MA", "W1") == (D(16), D("40.00"))
    assert balance(world, "MA", TRANSIT) == (D(4), D("10.00"))
    assert balance(world, "MA", "W2") == (D(0), D(0))
    assert doctor(world) == []

    transit.receive_transfer(number, admin, world.uow(), date(2026, 10, 12))
    assert status_of(world, number) is Status.APPROVED
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert balance(world, "MA", "W2") == (D(4), D("10.00"))
    assert doctor(world) == []


def test_each_transfer_leaves_transit_at_the_value_it_travelled_with(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    first = post("transfer", ("MA", "3"), to_warehouse="W2", two_step=True)  # 6.00
    post("other_receipt", ("MA", "13", "4.00"))  # 7 @ 2 + 13 @ 4 = 66.00 / 20 = 3.30
    second = post("transfer", ("MA", "10"), to_warehouse="NEG", two_step=True)  # 33.00
    assert balance(world, "MA", TRANSIT) == (D(13), D("39.00"))
    transit.receive_transfer(second, admin, world.uow())
    assert balance(world, "MA", "NEG") == (D(10), D("33.00"))
    transit.receive_transfer(first, admin, world.uow())
    assert balance(world, "MA", "W2") == (D(3), D("6.00"))
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert doctor(world) == []


def test_a_backdated_receipt_recosts_the_goods_in_transit_and_at_the_target(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    number = post("transfer", ("MA", "5"), to_warehouse="W2", two_step=True)
    post("transfer", ("MA", "3"), to_warehouse="W2", two_step=True, day=date(2026, 10, 11))
    transit.receive_transfer(number, admin, world.uow(), date(2026, 10, 20))
    assert balance(world, "MA", "W2") == (D(5), D("10.00"))
    assert balance(world, "MA", TRANSIT) == (D(3), D("6.00"))
    # 10 more at 4.00 dated before the transfers: the average becomes 3.00, and each
    # transfer carries its own new value through transit (the received one into W2)
    post("other_receipt", ("MA", "10", "4.00"), day=date(2026, 10, 5))
    assert balance(world, "MA", "W1") == (D(12), D("36.00"))
    assert balance(world, "MA", TRANSIT) == (D(3), D("9.00"))
    assert balance(world, "MA", "W2") == (D(5), D("15.00"))
    assert doctor(world) == []


def test_unapprove_in_transit_and_after_receipt_puts_everything_back(
    world: System, post: Post, admin: Actor
) -> None:
    post(
        "opening_stock",
        ("MA", "10", "2.00"),
        ("CREAM", "5", {"unit_cost": "30", "batch": "B1", "expiry": date(2026, 11, 30)}),
    )
    number = post("transfer", ("MA", "4"), ("CREAM", "2"), to_warehouse="W2", two_step=True)
    approval.unapprove_document(number, admin, world.uow())
    assert status_of(world, number) is Status.DRAFT
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert balance(world, "MA", "W1") == (D(10), D("20.00"))
    assert doctor(world) == []

    approval.approve_document(number, admin, world.uow())
    transit.receive_transfer(number, admin, world.uow(), date(2026, 10, 15))
    assert balance(world, "CREAM", "W2") == (D(2), D("60.00"))
    approval.unapprove_document(number, admin, world.uow())
    for warehouse, expected in (("W1", (D(10), D("20.00"))), (TRANSIT, (D(0), D("0.00")))):
        assert balance(world, "MA", warehouse) == expected
    assert balance(world, "MA", "W2") == (D(0), D("0.00"))
    assert balance(world, "CREAM", "W1") == (D(5), D("150.00"))
    assert doctor(world) == []


def test_receiving_is_refused_when_not_in_transit_or_dated_before_the_issue(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    direct = post("transfer", ("MA", "1"), to_warehouse="W2")
    with pytest.raises(ValidationError) as error:
        transit.receive_transfer(direct, admin, world.uow())
    assert error.value.code == "invalid_transition"
    number = post("transfer", ("MA", "1"), to_warehouse="W2", two_step=True)
    with pytest.raises(ValidationError) as error:
        transit.receive_transfer(number, admin, world.uow(), date(2026, 10, 9))
    assert error.value.code == "receive_before_issue"
    assert status_of(world, number) is Status.IN_TRANSIT
    transit.receive_transfer(number, admin, world.uow(), DAY)
    with pytest.raises(ValidationError) as error:
        transit.receive_transfer(number, admin, world.uow())
    assert error.value.code == "invalid_transition"
    assert balance(world, "MA", "W2") == (D(2), D("4.00"))


def test_the_transit_warehouse_is_not_for_documents_and_stays_strict(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    post("transfer", ("MA", "1"), to_warehouse="W2", two_step=True)
    with pytest.raises(ValidationError) as error:
        documents.create_document(
            DocumentInput("other_issue", DAY, TRANSIT, [LineInput("MA", "1")]),
            admin,
            world.uow(),
        )
    assert (error.value.code, error.value.params["field"]) == ("transit_warehouse", "warehouse")
    with pytest.raises(ValidationError) as error:
        post("transfer", ("MA", "1"), to_warehouse=TRANSIT)
    assert (error.value.code, error.value.params["field"]) == (
        "transit_warehouse",
        "to_warehouse",
    )
    with pytest.raises(ValidationError) as error:
        warehouses.update_warehouse(TRANSIT, {"allow_negative_stock": True}, admin, world.uow())
    assert error.value.code == "transit_warehouse_fixed"
    assert balance(world, "MA", TRANSIT) == (D(1), D("2.00"))


def test_a_trading_document_or_a_stocktake_in_the_transit_warehouse_is_refused(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    post("transfer", ("MA", "1"), to_warehouse="W2", two_step=True)
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), admin, world.uow())
    for kind in ("sales_delivery", "sales_order"):
        data = trade_documents.TradeInput(
            type=kind,
            date=DAY,
            warehouse=TRANSIT,
            partner="C1",
            lines=[trade_documents.TradeLineInput("MA", "1", price="5")],
        )
        with pytest.raises(ValidationError) as error:
            trade_documents.create_trade_document(data, admin, world.uow())
        assert (error.value.code, error.value.params["field"]) == ("transit_warehouse", "warehouse")
    with pytest.raises(ValidationError) as error:
        stocktake.create_stocktake(TRANSIT, admin, world.uow(), date=DAY)
    assert error.value.code == "transit_warehouse"
    assert balance(world, "MA", TRANSIT) == (D(1), D("2.00"))
