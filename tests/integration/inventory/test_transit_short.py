"""A two-step transfer received short (短少, 破损): what arrived enters the target at its share
of the value it travelled with, the rest leaves transit as a loss at its share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.inventory import approval, documents, transit
from openjxc.services.inventory.transit import ReceivedLine
from openjxc.services.warehouses import transit_warehouse
from tests.integration.inventory.conftest import Post, balance, doctor

TRANSIT = "TRANSIT-HQ"


def transit_moves(world: System, number: str) -> list[tuple[D, D, bool]]:
    """(qty, value, received) of the document's live moves out of transit, in id order."""
    with world.uow() as uow:
        doc = documents.get_document(uow, number)
        transit_id = transit_warehouse(uow, doc.warehouse_id).id
        moves = uow.ledger.moves_of_document(doc.id or 0)
        paired = uow.ledger.paired_moves([m.id for m in moves])
        return [
            (m.qty, m.value, m.id in paired)
            for m in moves
            if m.key.warehouse_id == transit_id and m.qty < 0 and not m.reverses
        ]


def lines_of(world: System, number: str) -> list[tuple[D | None, str | None]]:
    with world.uow() as uow:
        doc = documents.get_document(uow, number)
        return [(ln.received_qty, ln.short_reason) for ln in doc.active_lines]


def test_a_full_receipt_records_everything_received(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    number = post("transfer", ("MA", "4"), to_warehouse="W2", two_step=True)
    transit.receive_transfer(number, admin, world.uow())
    assert lines_of(world, number) == [(D(4), None)]
    assert transit_moves(world, number) == [(D(-4), D("-8.00"), True)]
    assert balance(world, "MA", "W2") == (D(4), D("8.00"))


def test_a_short_receipt_splits_the_value_exactly_and_records_the_loss(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "3", "2.00"), ("KG", "100", "3.00"))
    post("other_receipt", ("MA", "3", "2.01"))  # 12.03 for 6: 2.005 each
    number = post(
        "transfer", ("MA", "3"), ("KG", "2", {"unit": "袋"}), to_warehouse="W2", two_step=True
    )
    assert balance(world, "MA", TRANSIT) == (D(3), D("6.02"))  # 6.015, half up
    assert balance(world, "KG", TRANSIT) == (D(50), D("150.00"))

    lines = [ReceivedLine(1, "1", "破损"), ReceivedLine(2, "1.5", "短少")]
    transit.receive_transfer(number, admin, world.uow(), date(2026, 10, 12), lines)

    # 1 of 3 arrived: 6.02 / 3 = 2.0067 -> 2.01; the 2 lost take the rest, 4.01
    assert balance(world, "MA", "W2") == (D(1), D("2.01"))
    assert transit_moves(world, number)[:2] == [
        (D(-1), D("-2.01"), True),
        (D(-2), D("-4.01"), False),
    ]
    # 1.5 袋 = 37.5 kg arrived of 50: 112.50, the 12.5 kg lost 37.50
    assert balance(world, "KG", "W2") == (D("37.5"), D("112.50"))
    for product in ("MA", "KG"):
        assert balance(world, product, TRANSIT) == (D(0), D("0.00"))
    assert lines_of(world, number) == [(D(1), "破损"), (D("37.5"), "短少")]
    with world.uow() as uow:
        assert documents.get_document(uow, number).status is Status.APPROVED
    assert doctor(world) == []


def test_receiving_more_than_was_sent_or_short_without_a_reason_is_refused(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    number = post("transfer", ("MA", "4"), to_warehouse="W2", two_step=True)
    refusals = [
        ([ReceivedLine(1, "5")], "received_exceeds_sent"),
        ([ReceivedLine(1, "3")], "short_reason_required"),
        ([ReceivedLine(1, "-1", "破损")], "received_negative"),
        ([ReceivedLine(2, "1", "破损")], "receipt_line_unknown"),
        ([ReceivedLine(1, "0.5", "破损")], "base_quantity_not_whole"),
    ]
    for lines, code in refusals:
        with pytest.raises(ValidationError) as error:
            transit.receive_transfer(number, admin, world.uow(), None, lines)
        assert error.value.code == code
    with pytest.raises(ValidationError) as error:
        transit.receive_transfer(number, admin, world.uow(), None, [ReceivedLine(1, "5")])
    assert error.value.params == {
        "field": "qty",
        "line_no": 1,
        "received": "5",
        "sent": "4",
        "unit": "个",
    }
    with world.uow() as uow:
        assert documents.get_document(uow, number).status is Status.IN_TRANSIT
    assert balance(world, "MA", TRANSIT) == (D(4), D("8.00"))
    assert balance(world, "MA", "W2") == (D(0), D(0))
    assert lines_of(world, number) == [(None, None)]


def test_nothing_arriving_is_a_loss_of_the_whole_line(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    number = post("transfer", ("MA", "4"), to_warehouse="W2", two_step=True)
    transit.receive_transfer(number, admin, world.uow(), None, [ReceivedLine(1, "0", "车祸")])
    assert transit_moves(world, number) == [(D(-4), D("-8.00"), False)]
    assert balance(world, "MA", "W2") == (D(0), D(0))
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert doctor(world) == []


def test_unapproving_a_short_receipt_puts_everything_back(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    number = post("transfer", ("MA", "4"), to_warehouse="W2", two_step=True)
    transit.receive_transfer(number, admin, world.uow(), None, [ReceivedLine(1, "3", "短少")])
    approval.unapprove_document(number, admin, world.uow())
    assert balance(world, "MA", "W1") == (D(10), D("20.00"))
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert balance(world, "MA", "W2") == (D(0), D("0.00"))
    assert lines_of(world, number) == [(None, None)]
    assert doctor(world) == []
    # issued again, it travels and arrives afresh: in full this time
    approval.approve_document(number, admin, world.uow())
    transit.receive_transfer(number, admin, world.uow())
    assert balance(world, "MA", "W2") == (D(4), D("8.00"))
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert doctor(world) == []


def test_a_backdated_recost_revalues_both_the_received_and_the_lost_part(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    number = post("transfer", ("MA", "3"), to_warehouse="W2", two_step=True)
    transit.receive_transfer(
        number, admin, world.uow(), date(2026, 10, 20), [ReceivedLine(1, "2", "破损")]
    )
    assert balance(world, "MA", "W2") == (D(2), D("4.00"))
    # 10 more at 2.01 dated before the transfer: the average becomes 2.005, the transfer's
    # 3 travel at 6.02; 2 of them arrived (4.01), the one lost takes the rest (2.01)
    post("other_receipt", ("MA", "10", "2.01"), day=date(2026, 10, 5))
    assert balance(world, "MA", "W1") == (D(17), D("34.08"))
    assert balance(world, "MA", TRANSIT) == (D(0), D("0.00"))
    assert balance(world, "MA", "W2") == (D(2), D("4.01"))
    assert transit_moves(world, number) == [(D(-2), D("-4.01"), True), (D(-1), D("-2.01"), False)]
    assert doctor(world) == []


def test_a_short_batch_line_fills_its_batches_in_the_order_they_left(
    world: System, post: Post, admin: Actor
) -> None:
    post(
        "opening_stock",
        ("CREAM", "3", {"unit_cost": "30", "batch": "B1", "expiry": date(2026, 11, 1)}),
        ("CREAM", "2", {"unit_cost": "33", "batch": "B2", "expiry": date(2026, 11, 30)}),
    )
    number = post("transfer", ("CREAM", "5"), to_warehouse="W2", two_step=True)
    transit.receive_transfer(number, admin, world.uow(), None, [ReceivedLine(1, "4", "破损")])
    # at the average 31.20: B1's 3 (93.60) arrived, and 1 of B2's 2 (62.40 -> 31.20); the
    # other is lost
    assert balance(world, "CREAM", "W2") == (D(4), D("124.80"))
    assert transit_moves(world, number) == [
        (D(-3), D("-93.60"), True),
        (D(-1), D("-31.20"), True),
        (D(-1), D("-31.20"), False),
    ]
    with world.read_sessions() as session:
        batches = {b["batch"]: b["qty"] for b in _batches_at(session, "W2")}
    assert batches == {"B1": D(3), "B2": D(1)}
    assert balance(world, "CREAM", TRANSIT) == (D(0), D("0.00"))
    assert doctor(world) == []


def _batches_at(session: Session, warehouse: str) -> list[dict[str, object]]:

    bb, bt, w = inventory.batch_balance, inventory.batch, catalog.warehouse
    rows = session.execute(
        select(bt.c.batch_no, bb.c.on_hand)
        .join(bt, bt.c.id == bb.c.batch_id)
        .join(w, w.c.id == bb.c.warehouse_id)
        .where(w.c.code == warehouse, bb.c.on_hand != 0)
    )
    return [{"batch": r.batch_no, "qty": r.on_hand} for r in rows]
