"""Whose turn it is: may this caller take the waiting approval step of this document?

``check_turn`` is the one rule. The services call it when approving or rejecting; the inbox
(审批中心, the home page's 待审核 card) is derived from it by ``inbox_cases``, which asks it
one question at a time so that the read side can filter and count in SQL what the services
would allow, without writing the rule a second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openjxc.domain.documents.approval_rules import Rule, Step, by_precedence, default_steps
from openjxc.domain.shared.errors import ValidationError


@dataclass(frozen=True)
class Turn:
    """A document waiting for an approval step: what decides who may take it."""

    number: str
    steps: tuple[Step, ...]  # its rule's or its type's default; none: one plain approval
    taken: int  # steps taken in this round (a rejection or 反审核 starts a new round)
    created_by: int | None
    approvers: tuple[int | None, ...] = ()  # who took this round's steps

    @property
    def waiting(self) -> Step:
        """The step to take (the last one, should a changed rule have fewer steps)."""
        return self.steps[min(self.taken, len(self.steps) - 1)]


def check_turn(turn: Turn, user_id: int | None, roles: Sequence[str]) -> None:
    """Refuse a caller who may not take (approve or reject) the waiting step.

    Without steps anyone holding the type's approve permission may (the services check the
    permission and the warehouse scope). With steps the creator never approves their own
    document, each step of a round is a different person (even one holding every step's
    role), and the waiting step must be the caller's: their role, their user, or any approver.
    A system actor (CLI, jobs: no user) is bound by the step alone.
    """
    if not turn.steps:
        return
    if user_id is not None and user_id == turn.created_by:
        raise ValidationError("own_document", number=turn.number)
    if user_id is not None and user_id in turn.approvers:
        raise ValidationError("step_already_yours", number=turn.number, step=turn.taken + 1)
    if not turn.waiting.allows(user_id, roles):
        raise ValidationError(
            "not_your_step",
            number=turn.number,
            step=turn.taken + 1,
            approver=turn.waiting.approver,
        )


def may_act(turn: Turn, user_id: int | None, roles: Sequence[str]) -> bool:
    """Whether ``check_turn`` lets the caller take the waiting step."""
    try:
        check_turn(turn, user_id, roles)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class InboxCase:
    """The waiting documents of one type under one rule whose step the caller may take.

    A document is in the case when its type is ``document_type``, ``rule`` applies to it (None:
    no rule does, the type's default steps) and none of ``outranked_by`` does; its steps taken
    (counting the last for any beyond it) are in ``at`` (None: any); it was not made by the
    caller if ``not_creator``; and the caller took no step of its round if ``not_approver``.
    """

    document_type: str
    rule: Rule | None
    outranked_by: tuple[Rule, ...]
    at: frozenset[int] | None
    last: int
    not_creator: bool
    not_approver: bool


def inbox_cases(
    rules: Sequence[Rule], document_types: Iterable[str], user_id: int | None, roles: Sequence[str]
) -> list[InboxCase]:
    """The cases of the caller's inbox over the types they may approve, each found by asking
    ``check_turn``: at which step, and whether as the creator or an approver of the round."""
    cases = []
    for kind in document_types:
        ranked = by_precedence(rules, kind)
        for i, rule in enumerate([*ranked, None]):
            steps = rule.steps if rule is not None else default_steps(kind)
            case = _case(kind, rule, tuple(ranked[:i]), steps, user_id, roles)
            if case is not None:
                cases.append(case)
    return cases


def _case(
    kind: str,
    rule: Rule | None,
    outranked_by: tuple[Rule, ...],
    steps: tuple[Step, ...],
    user_id: int | None,
    roles: Sequence[str],
) -> InboxCase | None:
    def may(
        taken: int, created_by: int | None = None, approvers: tuple[int | None, ...] = ()
    ) -> bool:
        return may_act(Turn("", steps, taken, created_by, approvers), user_id, roles)

    at = frozenset(taken for taken in range(max(len(steps), 1)) if may(taken))
    if not at:
        return None  # no step of these is ever the caller's
    step = min(at)
    return InboxCase(
        kind,
        rule,
        outranked_by,
        at=at if steps else None,
        last=max(len(steps) - 1, 0),
        not_creator=not may(step, created_by=user_id),
        not_approver=not may(step, approvers=(user_id,)),
    )
