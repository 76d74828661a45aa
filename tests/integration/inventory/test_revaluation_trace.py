"""Re-costing leaves a trace (DESIGN §3.13): each move whose value a later posting changed is
recorded with its value before and after and the document that caused it (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import documents, stock
from openjxc.services.inventory import approval
from tests.integration.inventory.conftest import Post, doctor

D = Decimal


def trace(world: System) -> list[tuple[int, Decimal, Decimal, str | None]]:
    rv, d = inventory.stock_revaluation, inventory.document
    with world.read_sessions() as session:
        rows = session.execute(
            select(rv.c.move_id, rv.c.old_value, rv.c.new_value, d.c.number)
            .outerjoin(d, d.c.id == rv.c.caused_by_document_id)
            .order_by(rv.c.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_sale_recosted_by_two_backdated_receipts_and_a_reversal_keeps_each_change(
    world: System, post: Post, admin: Actor
) -> None:
    post("other_receipt", ("MA", "10", "5.00"), day=date(2026, 10, 1))  # 10 @ 5
    sale = post("other_issue", ("MA", "10"), day=date(2026, 10, 20))  # costs 50.00
    assert trace(world) == []
    second = post("other_receipt", ("MA", "10", "10.00"), day=date(2026, 10, 5))  # avg 7.50
    third = post("other_receipt", ("MA", "20", "12.50"), day=date(2026, 10, 6))  # avg 10.00
    approval.unapprove_document(third, admin, world.uow())  # back to 7.50
    with world.read_sessions() as session:
        moves, _ = stock.stock_moves(session, admin)
        issue = next(m for m in moves if m["document"] == sale)
        detail = documents.get_document(session, admin, sale)
    assert [(old, new, cause) for _, old, new, cause in trace(world)] == [
        (D("-50.00"), D("-75.00"), second),
        (D("-75.00"), D("-100.00"), third),
        (D("-100.00"), D("-75.00"), third),
    ]
    assert {move for move, *_ in trace(world)} == {issue["id"]}  # only the sale was re-valued
    assert (issue["value"], issue["adjustment"], issue["revalued_by"]) == (
        D("-75.00"),
        D("-25.00"),  # 75 now, 50 when it posted
        third,
    )
    line = detail["lines"][0]
    assert line["posted_value"] == D("75.00")
    assert [(r["document"], r["old_value"], r["new_value"]) for r in line["revaluations"]] == [
        (second, D("50.00"), D("75.00")),
        (third, D("75.00"), D("100.00")),
        (third, D("100.00"), D("75.00")),
    ]
    assert doctor(world) == []


def test_a_backdated_receipt_records_only_the_moves_whose_value_changed(
    world: System, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    post("other_receipt", ("MA", "10", "2.00"), day=date(2026, 10, 10))  # re-run, value given
    post("other_issue", ("MA", "5"), day=date(2026, 10, 20))  # 10.00
    post("other_receipt", ("MA", "5", "2.00"), day=date(2026, 10, 5))  # same cost: no change
    assert trace(world) == []
    cause = post("other_receipt", ("MA", "5", "8.00"), day=date(2026, 10, 5))
    (only,) = trace(world)  # the later receipt is given, its running balance alone moved
    assert only[1:] == (D("-10.00"), D("-15.00"), cause)  # 30 units worth 90.00 before it
    assert doctor(world) == []


def test_a_recosted_transfer_records_both_legs(world: System, post: Post) -> None:
    post("other_receipt", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    transfer = post("transfer", ("MA", "10"), to_warehouse="W2", day=date(2026, 10, 20))
    cause = post("other_receipt", ("MA", "10", "4.00"), day=date(2026, 10, 5))
    assert sorted((old, new, c) for _, old, new, c in trace(world)) == [
        (D("-20.00"), D("-30.00"), cause),
        (D("20.00"), D("30.00"), cause),
    ]
    with world.read_sessions() as session:
        (line,) = documents.get_document(session, Actor.system(), transfer)["lines"]
    assert len(line["revaluations"]) == 2
    assert doctor(world) == []


def test_a_backdated_fifo_receipt_records_the_issues_it_recosts(world: System, post: Post) -> None:
    post("other_receipt", ("FIFO", "10", "2.00"), day=date(2026, 10, 5))
    issue = post("other_issue", ("FIFO", "5"), day=date(2026, 10, 20))  # 5 @ 2.00
    cause = post("other_receipt", ("FIFO", "5", "3.00"), day=date(2026, 10, 1))  # oldest now
    assert [(old, new, c) for _, old, new, c in trace(world)] == [(D("-10.00"), D("-15.00"), cause)]
    with world.read_sessions() as session:
        (line,) = documents.get_document(session, Actor.system(), issue)["lines"]
    assert line["revaluations"][0]["new_value"] == D("15.00")
    assert doctor(world) == []


def test_a_repair_records_what_it_revalued_caused_by_no_document(
    world: System, post: Post, admin: Actor
) -> None:
    from openjxc.services.maintenance import repair_books
    from tests.integration.inventory.test_doctor_valuation import a_season, corrupt, move_of

    numbers = a_season(post)  # backdated postings: re-costed already
    posted = trace(world)
    issue = move_of(world, numbers["issue"])
    corrupt(world, issue.id, value=issue.value + D("1.00"))
    repair_books(admin, world.uow())
    assert trace(world) == [*posted, (issue.id, issue.value + D("1.00"), issue.value, None)]
