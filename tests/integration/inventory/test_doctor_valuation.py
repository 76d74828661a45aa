"""`jxc doctor` re-derives every move's valuation from the ledger's facts and names any that
differs from what is stored (value, unit cost, running quantity and value, …)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

from sqlalchemy import select, update

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import products
from tests.integration.inventory.conftest import Post, doctor

m, d, ln = inventory.stock_move, inventory.document, inventory.document_line


def move_of(world: System, number: str, line_no: int = 1, warehouse: str | None = None) -> Any:
    """The stored move of a document line (in ``warehouse``, for a transfer's legs)."""
    w = catalog.warehouse
    query = (
        select(m)
        .join(d, d.c.id == m.c.document_id)
        .join(ln, ln.c.id == m.c.line_id)
        .join(w, w.c.id == m.c.warehouse_id)
        .where(d.c.number == number, ln.c.line_no == line_no)
        .order_by(m.c.id)
    )
    if warehouse is not None:
        query = query.where(w.c.code == warehouse)
    with world.read_sessions() as session:
        return session.execute(query).first()


def corrupt(world: System, move_id: int, **values: object) -> None:
    with world.engine.begin() as connection:
        connection.execute(update(m).where(m.c.id == move_id).values(**values))


def a_season(post: Post) -> dict[str, str]:
    """Receipts, issues, a backdated receipt, transfers, a FIFO stream and a gain."""
    return {
        "opening": post("opening_stock", ("MA", "10", "2.00"), ("FIFO", "10", "1.00")),
        "receipt": post("other_receipt", ("MA", "5", "3.10"), ("FIFO", "5", "1.30")),
        "issue": post("other_issue", ("MA", "7"), ("FIFO", "12"), day=date(2026, 10, 12)),
        "transfer": post("transfer", ("MA", "3"), to_warehouse="W2", day=date(2026, 10, 13)),
        "backdated": post("other_receipt", ("MA", "3", "2.35"), day=date(2026, 10, 11)),
        "negative": post("other_issue", ("MA", "4"), warehouse="NEG", day=date(2026, 10, 14)),
        "gain": post("other_receipt", ("KG", "2.5", "1.1"), day=date(2026, 10, 15)),
    }


def test_a_clean_ledger_has_no_valuation_finding(world: System, post: Post) -> None:
    a_season(post)
    post("other_receipt", ("MA", "2", "4.00"), warehouse="NEG", day=date(2026, 10, 16))
    assert doctor(world) == []


def test_a_corrupted_issue_value_is_named_with_its_document_and_derived_value(
    world: System, post: Post
) -> None:
    numbers = a_season(post)
    issue = move_of(world, numbers["issue"])  # MA: 7 of 18 worth 42.55 (after the backdated)
    corrupt(world, issue.id, value=issue.value - D("0.01"))
    problems = doctor(world)
    named = [p for p in problems if p.startswith(f"move {issue.id} ")]
    assert named == [
        f"move {issue.id} ({numbers['issue']} line 1, product MA in warehouse W1, 2026-10-12): "
        f"value stored {issue.value - D('0.01')}, derived {issue.value}"
    ]


def test_a_corrupted_running_value_is_named(world: System, post: Post) -> None:
    numbers = a_season(post)
    receipt = move_of(world, numbers["receipt"], line_no=2)  # FIFO
    corrupt(world, receipt.id, value_after=receipt.value_after + D("1.00"))
    problems = doctor(world)
    assert (
        f"move {receipt.id} ({numbers['receipt']} line 2, product FIFO in warehouse W1, "
        f"2026-10-10): value_after stored {receipt.value_after + D('1.00')}, "
        f"derived {receipt.value_after}"
    ) in problems


def test_a_receiving_leg_that_lost_its_issue_value_is_named(world: System, post: Post) -> None:
    numbers = a_season(post)
    leg = move_of(world, numbers["transfer"], warehouse="W2")
    corrupt(world, leg.id, value=leg.value + D("0.50"), value_after=leg.value_after + D("0.50"))
    assert [p for p in doctor(world) if p.startswith(f"move {leg.id} ")] == [
        f"move {leg.id} ({numbers['transfer']} line 1, product MA in warehouse W2, 2026-10-13): "
        f"value stored {leg.value + D('0.50')}, derived {leg.value}; "
        f"value_after stored {leg.value_after + D('0.50')}, derived {leg.value_after}"
    ]


def test_a_purchase_price_changed_after_a_stream_began_at_it_is_no_finding(
    world: System, post: Post, admin: Actor
) -> None:
    """A first move valued before any cost was known took the product's purchase price of
    that day, which is not in the ledger: doctor reads it back from the move."""
    post("other_issue", ("MA", "3"), warehouse="NEG")  # 3 @ purchase price 2 = 6.00
    post("other_receipt", ("MA", "5", "2.50"), warehouse="NEG", day=date(2026, 10, 11))
    products.update_product("MA", {"purchase_price": "7.77"}, admin, world.uow())
    assert doctor(world) == []
