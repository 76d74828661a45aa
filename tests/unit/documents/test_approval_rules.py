"""Which steps a document needs: its most specific rule, or its type's default."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.domain.documents.approval_rules import (
    Rule,
    Step,
    check_rule,
    rule_for,
    steps_for,
)
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError

MANAGER, ADMIN, BOSS = Step(role="store_manager"), Step(role="admin"), Step(user_id=7)
RULES = [
    Rule(1, "sales_order", None, (MANAGER,)),
    Rule(2, "sales_order", Decimal("1000"), (MANAGER, ADMIN)),
    Rule(3, "sales_order", None, (BOSS,), "credit_override"),
    Rule(4, "sales_order", Decimal("5000"), (ADMIN,), "below_min_price"),
]


def test_the_highest_threshold_met_applies() -> None:
    assert steps_for(RULES, "sales_order", Decimal("999.99")) == (MANAGER,)
    assert steps_for(RULES, "sales_order", Decimal("1000")) == (MANAGER, ADMIN)


def test_a_rule_whose_condition_holds_comes_before_amount_rules() -> None:
    found = rule_for(RULES, "sales_order", Decimal("2000"), ["credit_override"])
    assert found is not None
    assert found.id == 3


def test_a_conditioned_rule_needs_its_condition_and_its_amount() -> None:
    assert rule_for(RULES, "sales_order", Decimal("4999"), ["below_min_price"]) == RULES[1]
    found = rule_for(RULES, "sales_order", Decimal("5000"), ["below_min_price", "credit_override"])
    assert found is not None
    assert found.id == 4
    assert rule_for(RULES, "sales_delivery", Decimal("5000"), ["below_min_price"]) is None


def test_write_offs_and_overages_take_two_approvers_without_a_rule() -> None:
    for kind in ("write_off", "overage"):
        steps = steps_for(RULES, kind, Decimal(0))
        assert len(steps) == 2
        assert all(s.anyone for s in steps)
        assert steps[0].allows(None, ())
        assert steps[1].allows(3, ("warehouse",))
    assert steps_for(RULES, "other_issue", Decimal(0)) == ()
    assert steps_for([Rule(9, "write_off", None, (MANAGER,))], "write_off", Decimal(0)) == (
        MANAGER,
    )


def test_a_step_names_exactly_one_approver() -> None:
    for bad in ({}, {"role": "admin", "user_id": 1}, {"role": "admin", "anyone": True}):
        with pytest.raises(ValidationError) as refused:
            Step(**bad)  # type: ignore[arg-type]
        assert refused.value.code == "step_needs_role_or_user"
    assert BOSS.allows(7, ())
    assert not BOSS.allows(8, ("admin",))
    assert MANAGER.allows(None, ("store_manager",))
    assert not MANAGER.allows(1, ("admin",))


@pytest.mark.parametrize(
    ("kind", "amount", "condition", "code"),
    [
        (DocumentType.WRITE_OFF, Decimal(1), None, "rule_amount_needs_prices"),
        (DocumentType.SALES_ORDER, Decimal(-1), None, "negative"),
        (DocumentType.PURCHASE_ORDER, None, "credit_override", "rule_condition_not_for_type"),
        (DocumentType.SALES_DELIVERY, None, "credit_override", "rule_condition_not_for_type"),
        (DocumentType.SALES_RETURN, None, "below_min_price", "rule_condition_not_for_type"),
        (DocumentType.SALES_ORDER, None, "sometimes", "invalid_choice"),
    ],
)
def test_a_rule_that_could_never_apply_is_refused(
    kind: DocumentType, amount: Decimal | None, condition: str | None, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_rule(kind, amount, condition)
    assert refused.value.code == code


def test_rules_that_can_apply_are_accepted() -> None:
    check_rule(DocumentType.SALES_DELIVERY, Decimal("100"), "below_min_price")
    check_rule(DocumentType.SALES_ORDER, None, "credit_override")
    check_rule(DocumentType.WRITE_OFF, None, None)
