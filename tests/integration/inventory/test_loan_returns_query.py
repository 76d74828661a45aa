"""What a loan return brings back by default: everything still out, batch by batch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.queries.loan_returns import still_out
from tests.integration.inventory.conftest import Post

D = Decimal
BACK = date(2026, 10, 20)


def _lines(world: System, admin: Actor, loan: str) -> list[tuple[object, ...]]:
    with world.read_sessions() as session:
        found = still_out(session, admin, loan)
    return [(ln.product, ln.unit, ln.qty, ln.batch) for ln in found.lines]


def test_a_whole_line_out_comes_back_in_its_own_unit_a_partial_one_in_the_base_unit(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "100", "2.00"), ("KG", "50", "3.00"))
    loan = post(
        "other_issue",
        ("MA", "2", {"unit": "箱"}),
        ("KG", "10"),
        reason="lending",
        expected_return_date=BACK,
    )
    assert _lines(world, admin, loan) == [("MA", "箱", D(2), None), ("KG", "kg", D(10), None)]
    post("other_receipt", ("MA", "5"), reason="loan_return", source_document=loan)
    # a draft return brings nothing back yet
    post("other_receipt", ("KG", "4"), reason="loan_return", source_document=loan, approve=False)
    assert _lines(world, admin, loan) == [("MA", "个", D(43), None), ("KG", "kg", D(10), None)]


def test_a_batch_picked_first_expiry_first_comes_back_as_its_batches(
    world: System, post: Post, admin: Actor
) -> None:
    post(
        "opening_stock",
        ("CREAM", "3", {"unit_cost": "40", "batch": "B1", "expiry": date(2026, 11, 1)}),
        ("CREAM", "5", {"unit_cost": "40", "batch": "B2", "expiry": date(2026, 12, 1)}),
    )
    loan = post("other_issue", ("CREAM", "4"), reason="lending", expected_return_date=BACK)
    assert _lines(world, admin, loan) == [("CREAM", "kg", D(3), "B1"), ("CREAM", "kg", D(1), "B2")]
    post(
        "other_receipt",
        ("CREAM", "2", {"batch": "B1"}),
        reason="loan_return",
        source_document=loan,
    )
    assert _lines(world, admin, loan) == [("CREAM", "kg", D(1), "B1"), ("CREAM", "kg", D(1), "B2")]


def test_only_an_approved_loan_of_a_warehouse_one_sees_is_returned(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    issue = post("other_issue", ("MA", "1"), reason="gift")
    draft = post(
        "other_issue", ("MA", "1"), reason="lending", expected_return_date=BACK, approve=False
    )
    for number in (issue, draft):
        with world.read_sessions() as session, pytest.raises(ValidationError) as error:
            still_out(session, admin, number)
        assert error.value.code == "not_an_open_loan"
    loan = post("other_issue", ("MA", "1"), reason="lending", expected_return_date=BACK)
    elsewhere = Actor(1, "li", admin.permissions, warehouse_ids=frozenset({999}))
    with world.read_sessions() as session, pytest.raises(NotFound):
        still_out(session, elsewhere, loan)
