"""A count states what was on the shelf when it was counted (issue #17 item 1).

The issue's case: the books say 10; 9 are counted; then 2 are sold. Approving must post a
loss of 1 and leave 7, and the stock ledger must never show a balance of 11.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.stocktakes import get_stocktake
from openjxc.services.inventory import approval
from openjxc.services.inventory.stocktake import create_stocktake
from openjxc.services.inventory.stocktake_counts import CountInput, record_counts
from tests.integration.inventory.conftest import DAY, Post, balance, doctor

NEXT_DAY = DAY + timedelta(days=1)


def _stocktake(world: System, admin: Actor) -> str:
    return create_stocktake("W1", admin, world.uow(), date=DAY).number


def _count(world: System, admin: Actor, number: str, *counts: CountInput) -> None:
    record_counts(number, list(counts), admin, world.uow())


def _line(world: System, admin: Actor, number: str, line_no: int = 1) -> dict:  # type: ignore[type-arg]
    with world.read_sessions() as session:
        lines = get_stocktake(session, admin, number)["lines"]
    return next(ln for ln in lines if ln["line_no"] == line_no)


def _series(world: System, product: str, batch: str | None = None) -> list[Decimal]:
    """The running balance of the product in W1 (or of one batch), move by move, in ledger
    order: what the stock ledger (库存流水) shows."""
    m, p, b = inventory.stock_move, catalog.product, inventory.batch
    after = m.c.qty_after if batch is None else m.c.batch_qty_after
    query = select(after).join(p, p.c.id == m.c.product_id).where(p.c.code == product)
    if batch is not None:
        query = query.join(b, b.c.id == m.c.batch_id).where(b.c.batch_no == batch)
    with world.read_sessions() as session:
        return list(session.scalars(query.order_by(m.c.date, m.c.id)))


def test_a_count_before_a_sale_posts_the_loss_it_found_and_the_ledger_never_shows_eleven(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("MA", "9"))
    post("other_issue", ("MA", "2"), reason="sample")  # sold after the count, the same day
    line = _line(world, admin, number)
    assert (line["expected_qty"], line["variance_qty"]) == (10, -1)
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA")[0] == 7
    assert _series(world, "MA") == [10, 8, 7]
    assert doctor(world) == []


def test_the_issues_case_a_count_then_a_sale_dated_after_the_stocktake_leaves_seven(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("MA", "9"))
    post("other_issue", ("MA", "2"), day=NEXT_DAY, reason="sample")
    approval.approve_document(number, admin, world.uow())
    assert _line(world, admin, number)["variance_qty"] == -1
    assert balance(world, "MA")[0] == 7
    assert _series(world, "MA") == [10, 9, 7]  # the loss at the stocktake's date, then the sale
    assert 11 not in _series(world, "MA")
    assert doctor(world) == []


def test_a_sale_dated_after_the_stocktake_is_not_in_its_books_even_if_entered_before_the_count(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    post("other_issue", ("MA", "2"), day=NEXT_DAY, reason="sample")
    _count(world, admin, number, CountInput("MA", "10"))  # the shelf on the stocktake's date
    assert _line(world, admin, number)["variance_qty"] == 0
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA")[0] == 8
    assert _series(world, "MA") == [10, 8]


def test_a_count_after_a_sale_sees_the_sale_and_finds_only_the_missing_unit(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    post("other_issue", ("MA", "2"), reason="sample")  # sold before the count
    _count(world, admin, number, CountInput("MA", "7"))
    approval.approve_document(number, admin, world.uow())
    assert _line(world, admin, number)["expected_qty"] == 8
    assert balance(world, "MA")[0] == 7
    assert _series(world, "MA") == [10, 8, 7]
    assert doctor(world) == []


def test_a_recount_takes_the_books_at_the_recount(world: System, admin: Actor, post: Post) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("MA", "9"))
    first = _line(world, admin, number)["counted_at"]
    post("other_issue", ("MA", "2"), reason="sample")
    _count(world, admin, number, CountInput("MA", "6"))  # counted again, after the sale
    line = _line(world, admin, number)
    assert line["counted_at"] > first
    assert (line["expected_qty"], line["variance_qty"]) == (8, -2)
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA")[0] == 6


def test_saving_a_count_unchanged_is_no_recount_and_keeps_its_time(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("MA", "9"))
    first = _line(world, admin, number)["counted_at"]
    post("other_issue", ("MA", "2"), reason="sample")
    _count(world, admin, number, CountInput("MA", "9"))  # the form saved again as it was
    assert _line(world, admin, number)["counted_at"] == first
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA")[0] == 7


def test_a_count_taken_on_paper_is_compared_with_the_books_at_the_time_written_on_it(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    on_paper = clock.now()
    post("other_issue", ("MA", "2"), reason="sample")  # entered after the paper count
    _count(world, admin, number, CountInput("MA", "9", counted_at=on_paper.isoformat()))
    line = _line(world, admin, number)
    assert line["counted_at"] == on_paper
    assert (line["expected_qty"], line["variance_qty"]) == (10, -1)
    approval.approve_document(number, admin, world.uow())
    assert _series(world, "MA") == [10, 8, 7]


def test_a_late_entered_document_dated_before_the_stocktake_counts_as_seen_by_the_count(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"), day=DAY - timedelta(days=2))
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("MA", "9"))
    # yesterday's sale, entered only now: the goods left before the count
    post("other_issue", ("MA", "1"), day=DAY - timedelta(days=1), reason="sample")
    assert _line(world, admin, number)["variance_qty"] == 0
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA")[0] == 9
    assert _series(world, "MA") == [10, 9]


def test_batches_are_counted_and_posted_each_at_its_own_count(
    world: System, admin: Actor, post: Post
) -> None:
    post(
        "other_receipt",
        ("CREAM", "10", {"unit_cost": "4", "batch": "B1", "expiry": date(2026, 12, 31)}),
    )
    post(
        "other_receipt",
        ("CREAM", "5", {"unit_cost": "4", "batch": "B2", "expiry": date(2026, 12, 31)}),
    )
    number = _stocktake(world, admin)
    _count(world, admin, number, CountInput("CREAM", "9", batch="B1"))
    post("other_issue", ("CREAM", "2", {"batch": "B1"}), reason="sample")
    post("other_issue", ("CREAM", "1", {"batch": "B2"}), reason="sample")
    _count(world, admin, number, CountInput("CREAM", "4", batch="B2"))  # after its sale
    approval.approve_document(number, admin, world.uow())
    lines = {ln["batch"]: ln for ln in (_line(world, admin, number, n) for n in (1, 2))}
    assert (lines["B1"]["expected_qty"], lines["B1"]["variance_qty"]) == (10, -1)
    assert (lines["B2"]["expected_qty"], lines["B2"]["variance_qty"]) == (4, 0)
    assert balance(world, "CREAM")[0] == 11
    assert _series(world, "CREAM", "B1") == [10, 8, 7]
    assert doctor(world) == []


@pytest.mark.parametrize(
    ("given", "code"),
    [("yesterday noon", "invalid_datetime"), ("future", "counted_in_future")],
)
def test_a_bad_count_time_names_its_row_and_changes_nothing(
    world: System, admin: Actor, post: Post, given: str, code: str
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    number = _stocktake(world, admin)
    when = (clock.now() + timedelta(hours=1)).isoformat() if given == "future" else given
    with pytest.raises(ValidationError) as caught:
        _count(world, admin, number, CountInput("MA", "9", counted_at=when))
    assert caught.value.code == "invalid_rows"
    assert caught.value.details[0]["code"] == code
    assert caught.value.details[0]["row"] == 1
    line = _line(world, admin, number)
    assert (line["counted_qty"], line["counted_at"]) == (None, None)
