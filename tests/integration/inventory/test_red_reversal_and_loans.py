"""红冲 in a closed period, and loans (借出) with their returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.loans import open_loans
from openjxc.services.inventory import approval, periods, reversal
from tests.integration.inventory.conftest import Post, balance, doctor

D = Decimal


def test_a_closed_month_is_corrected_by_a_red_letter_document(
    world: System, post: Post, admin: Actor
) -> None:
    receipt = post("other_receipt", ("MA", "10", "2.00"), day=date(2026, 9, 10))
    periods.close_period("2026-09", admin, world.uow())
    with pytest.raises(ValidationError) as error:
        approval.unapprove_document(receipt, admin, world.uow())
    assert error.value.code == "period_closed"
    red = reversal.red_reverse_document(receipt, admin, world.uow(), date(2026, 10, 5))
    assert red.number.startswith("QTRK20261005")
    assert red.red_letter
    assert balance(world, "MA") == (D(0), D(0))
    assert doctor(world) == []
    with pytest.raises(ValidationError) as again:
        reversal.red_reverse_document(receipt, admin, world.uow(), date(2026, 10, 6))
    assert again.value.code == "invalid_transition"
    with pytest.raises(ValidationError) as final:
        approval.unapprove_document(red.number, admin, world.uow())
    assert final.value.code in ("red_letter_final", "invalid_transition")


def test_a_red_reversal_that_would_take_consumed_stock_is_refused(
    world: System, post: Post, admin: Actor
) -> None:
    receipt = post("other_receipt", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    post("other_issue", ("MA", "8"), day=date(2026, 10, 2))
    with pytest.raises(ValidationError) as error:
        reversal.red_reverse_document(receipt, admin, world.uow(), date(2026, 10, 3))
    assert error.value.code == "insufficient_stock"
    assert balance(world, "MA") == (D(2), D("4.00"))


def test_a_loan_needs_an_expected_return_date(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "3"), reason="lending")
    assert error.value.code == "required"
    assert error.value.params["field"] == "expected_return_date"


def test_loans_are_listed_until_returned_and_come_back_at_their_cost(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    loan = post(
        "other_issue",
        ("MA", "4"),
        reason="lending",
        expected_return_date=date(2026, 10, 20),
        day=date(2026, 10, 2),
    )
    post("other_receipt", ("MA", "10", "5.00"), day=date(2026, 10, 3))  # 16 @ 3.875
    with world.read_sessions() as session:
        [line] = open_loans(session, admin, date(2026, 10, 25))
    assert (line.document, line.outstanding, line.overdue) == (loan, D(4), True)
    post(
        "other_receipt",
        ("MA", "3"),
        reason="loan_return",
        source_document=loan,
        day=date(2026, 10, 4),
    )
    # 6 x 2.00 + 10 x 5.00 = 62.00; the 3 returned come back at the 2.00 they left with, not at
    # today's average of 3.875
    assert balance(world, "MA") == (D(19), D("68.00"))
    with world.read_sessions() as session:
        [line] = open_loans(session, admin, date(2026, 10, 10))
    assert (line.outstanding, line.overdue) == (D(1), False)
    with pytest.raises(ValidationError) as error:
        post(
            "other_receipt",
            ("MA", "2"),
            reason="loan_return",
            source_document=loan,
            day=date(2026, 10, 5),
        )
    assert error.value.code == "invalid_lines"
    assert error.value.details[0]["code"] == "return_exceeds_loan"
    assert doctor(world) == []


def test_a_loan_cannot_be_unapproved_while_returns_are_posted(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    loan = post(
        "other_issue", ("MA", "4"), reason="lending", expected_return_date=date(2026, 10, 20)
    )
    post("other_receipt", ("MA", "4"), reason="loan_return", source_document=loan)
    with pytest.raises(ValidationError) as error:
        approval.unapprove_document(loan, admin, world.uow())
    assert error.value.code == "document_has_dependants"
