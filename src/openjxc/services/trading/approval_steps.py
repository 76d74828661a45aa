"""Multi-step approval (多级审核) of trading documents, and the rules' administration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import money
from openjxc.domain.trading.approval_rules import Step, steps_for
from openjxc.services.trading.posting import total
from openjxc.services.unit_of_work import UnitOfWork


def document_steps(uow: UnitOfWork, doc: Document) -> tuple[Step, ...]:
    return steps_for(uow.approval_rules.rules(doc.type.value), doc.type.value, total(doc))


def check_approver(uow: UnitOfWork, doc: Document, actor: Actor) -> tuple[Step, ...]:
    """With a rule: the creator may not approve, and the caller must hold the next step."""
    steps = document_steps(uow, doc)
    if not steps:
        return steps
    if actor.user_id is not None and actor.user_id == doc.created_by:
        raise ValidationError("own_document", number=doc.number)
    if actor.user_id is not None and actor.user_id in uow.approval_rules.approvers(
        doc.id or 0, doc.approval_step
    ):  # each step is a different person, even one holding every step's role
        raise ValidationError("step_already_yours", number=doc.number, step=doc.approval_step + 1)
    step = steps[min(doc.approval_step, len(steps) - 1)]
    if not step.allows(actor.user_id, actor.roles):
        raise ValidationError(
            "not_your_step",
            number=doc.number,
            step=doc.approval_step + 1,
            approver=step.role or f"user {step.user_id}",
        )
    return steps


def take_step(uow: UnitOfWork, doc: Document, actor: Actor, comment: str) -> bool:
    """Record the caller's step; True when it was the last one (the document may post)."""
    steps = check_approver(uow, doc, actor)
    if not steps:
        return True
    note = text.optional_text(comment, "comment", 500)
    uow.approval_rules.record(doc.id or 0, doc.approval_step + 1, "approve", actor.user_id, note)
    doc.approval_step += 1
    if doc.approval_step < len(steps):
        if doc.status is Status.DRAFT:
            doc.submit(actor.user_id, clock.now())
        elif doc.status is not Status.SUBMITTED:
            raise ValidationError("invalid_transition", action="approve", status=doc.status.value)
        return False
    return True


@dataclass(frozen=True)
class RuleInput:
    document_type: str
    steps: Sequence[dict[str, object]]
    min_amount: object | None = None


def add_approval_rule(data: RuleInput, actor: Actor, uow: UnitOfWork) -> int:
    """A rule: the ordered steps a document type needs (from an amount, if given)."""
    actor.require(Permission.SYSTEM_ADMIN)
    try:
        kind = DocumentType(data.document_type)
    except ValueError:
        raise ValidationError(
            "invalid_choice", field="document_type", value=data.document_type
        ) from None
    if kind not in TRADE_TYPES:
        raise ValidationError("invalid_choice", field="document_type", value=data.document_type)
    if not data.steps:
        raise ValidationError("required", field="steps")
    steps = [
        Step(
            role=str(s["role"]) if s.get("role") else None,
            user_id=int(str(s["user_id"])) if s.get("user_id") else None,
        )
        for s in data.steps
    ]
    amount = None if data.min_amount is None else money(data.min_amount, "min_amount")
    with uow:
        rule_id = uow.approval_rules.add(kind.value, amount, steps)
        uow.audit.record(
            actor,
            "approval_rule.create",
            "approval_rule",
            rule_id,
            after={"document_type": kind.value, "steps": [dict(s) for s in data.steps]},
        )
        uow.commit()
    return rule_id


def delete_approval_rule(rule_id: int, actor: Actor, uow: UnitOfWork) -> None:
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        if not uow.approval_rules.delete(rule_id):
            raise NotFound("approval_rule", rule_id)
        uow.audit.record(actor, "approval_rule.delete", "approval_rule", rule_id)
        uow.commit()
