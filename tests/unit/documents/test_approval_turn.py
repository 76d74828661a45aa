"""Whose turn it is: one rule for approving, rejecting and the inbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.documents.approval_rules import Rule, Step, steps_for
from openjxc.domain.documents.approval_turn import (
    InboxCase,
    Turn,
    check_turn,
    inbox_cases,
    may_act,
)
from openjxc.domain.shared.errors import ValidationError

MANAGER, ADMIN, BOSS, ANYONE = (
    Step(role="store_manager"),
    Step(role="admin"),
    Step(user_id=7),
    Step(anyone=True),
)


def _refusal(turn: Turn, user_id: int | None, roles: tuple[str, ...] = ()) -> str | None:
    try:
        check_turn(turn, user_id, roles)
    except ValidationError as error:
        return error.code
    return None


def test_without_steps_anyone_who_may_approve_may_even_the_creator() -> None:
    assert _refusal(Turn("D1", (), 0, created_by=5), 5) is None
    assert _refusal(Turn("D1", (), 0, created_by=5), None) is None


def test_the_creator_never_takes_a_step_of_their_own_document() -> None:
    assert _refusal(Turn("D1", (MANAGER,), 0, created_by=5), 5, ("store_manager",)) == (
        "own_document"
    )


def test_each_step_of_a_round_is_a_different_person() -> None:
    turn = Turn("D1", (MANAGER, MANAGER), 1, created_by=1, approvers=(5,))
    assert _refusal(turn, 5, ("store_manager",)) == "step_already_yours"
    assert _refusal(turn, 6, ("store_manager",)) is None


def test_the_waiting_step_must_be_the_callers_role_or_user() -> None:
    turn = Turn("D1", (MANAGER, BOSS), 0, created_by=1)
    assert _refusal(turn, 5, ("admin",)) == "not_your_step"
    assert _refusal(turn, 5, ("store_manager",)) is None
    second = Turn("D1", (MANAGER, BOSS), 1, created_by=1, approvers=(5,))
    assert _refusal(second, 6, ("store_manager",)) == "not_your_step"
    assert _refusal(second, 7, ()) is None


def test_the_refusal_names_the_step_and_who_takes_it() -> None:
    with pytest.raises(ValidationError) as refused:
        check_turn(Turn("D1", (MANAGER, BOSS), 1, created_by=1), 5, ())
    assert refused.value.params == {"number": "D1", "step": 2, "approver": "user 7"}


def test_a_document_past_its_last_step_waits_at_the_last() -> None:
    turn = Turn("D1", (MANAGER, ADMIN), 3, created_by=1)  # its rule lost a step meanwhile
    assert turn.waiting == ADMIN
    assert may_act(turn, 5, ("admin",))
    assert not may_act(turn, 5, ("store_manager",))


def test_the_system_actor_takes_any_approver_steps_but_no_role_or_user_step() -> None:
    assert may_act(Turn("D1", (ANYONE, ANYONE), 1, created_by=None, approvers=(None,)), None, ())
    assert not may_act(Turn("D1", (MANAGER,), 0, created_by=None), None, ())
    assert not may_act(Turn("D1", (BOSS,), 0, created_by=None), None, ())


RULES = [
    Rule(1, "sales_order", None, (MANAGER,)),
    Rule(2, "sales_order", Decimal("1000"), (MANAGER, BOSS)),
    Rule(3, "sales_order", None, (BOSS,), "credit_override"),
]


def test_the_inbox_has_a_case_per_rule_in_precedence_and_one_without_a_rule() -> None:
    cases = inbox_cases(RULES, ["sales_order"], 7, ())
    assert [(c.rule.id if c.rule else None, [r.id for r in c.outranked_by]) for c in cases] == [
        (3, []),
        (2, [3]),
        (None, [3, 2, 1]),  # no rule: one approval by anyone who may
    ]
    assert [(c.at, c.last) for c in cases] == [
        (frozenset({0}), 0),
        (frozenset({1}), 1),
        (None, 0),
    ]


def test_a_rule_whose_steps_are_never_the_callers_has_no_case() -> None:
    cases = inbox_cases(RULES, ["sales_order"], 5, ("admin",))
    assert [c.rule for c in cases] == [None]


def test_with_steps_the_creator_and_the_rounds_approvers_are_left_out_but_not_without() -> None:
    (stepped,) = inbox_cases([], ["write_off"], 5, ())
    assert (stepped.at, stepped.not_creator, stepped.not_approver) == (
        frozenset({0, 1}),
        True,
        True,
    )
    (plain,) = inbox_cases([], ["other_issue"], 5, ())
    assert (plain.at, plain.not_creator, plain.not_approver) == (None, False, False)
    (system,) = inbox_cases([], ["write_off"], None, ())
    assert (system.not_creator, system.not_approver) == (False, False)


def _in(
    case: InboxCase, kind: str, amount: Decimal, conditions: set[str], turn: Turn, user: int | None
) -> bool:
    """A document in the case, read as ``InboxCase`` says (as the inbox's SQL does)."""
    return (
        kind == case.document_type
        and not any(r.applies(amount, conditions) for r in case.outranked_by)
        and (case.rule is None or case.rule.applies(amount, conditions))
        and (case.at is None or min(turn.taken, case.last) in case.at)
        and not (case.not_creator and turn.created_by == user)
        and not (case.not_approver and user in turn.approvers)
    )


STEPS = st.sampled_from([MANAGER, ADMIN, BOSS, ANYONE])
USERS = st.sampled_from([None, 5, 7])
RULE_SETS = st.lists(
    st.builds(
        Rule,
        id=st.integers(1, 50),
        document_type=st.sampled_from(["sales_order", "write_off"]),
        min_amount=st.sampled_from([None, Decimal(0), Decimal(100), Decimal(1000)]),
        steps=st.lists(STEPS, min_size=1, max_size=3).map(tuple),
        condition=st.sampled_from([None, "credit_override", "below_min_price"]),
    ),
    max_size=4,
    unique_by=lambda r: r.id,
)


@given(
    rules=RULE_SETS,
    kind=st.sampled_from(["sales_order", "write_off", "other_issue"]),
    amount=st.sampled_from([Decimal(0), Decimal(99), Decimal(100), Decimal(5000)]),
    conditions=st.sets(st.sampled_from(["credit_override", "below_min_price"])),
    taken=st.integers(0, 4),
    created_by=USERS,
    approvers=st.lists(USERS, max_size=3).map(tuple),
    user=USERS,
    roles=st.sets(st.sampled_from(["store_manager", "admin"])).map(tuple),
)
def test_the_inbox_cases_admit_exactly_the_documents_whose_turn_is_the_callers(
    rules: list[Rule],
    kind: str,
    amount: Decimal,
    conditions: set[str],
    taken: int,
    created_by: int | None,
    approvers: tuple[int | None, ...],
    user: int | None,
    roles: tuple[str, ...],
) -> None:
    steps = steps_for(rules, kind, amount, conditions)
    turn = Turn("D1", steps, taken, created_by, approvers)
    cases = inbox_cases(rules, ["sales_order", "write_off", "other_issue"], user, roles)
    admitted = [c for c in cases if _in(c, kind, amount, conditions, turn, user)]
    assert len(admitted) <= 1  # the cases never overlap: one rule applies, or none
    assert bool(admitted) == may_act(turn, user, roles)
