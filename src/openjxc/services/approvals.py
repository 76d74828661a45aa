"""Multi-step approval (多级审核) of any document: who may take its next step, recording it.

Stock and trading documents share this: each service checks its own permission and posts at
the last step; here the steps of its rule (or the type's default) are enforced and recorded.
"""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.approval_rules import Rule, Step, rule_for, steps_for
from openjxc.domain.documents.approval_turn import Turn, check_turn
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading import flow
from openjxc.services.unit_of_work import UnitOfWork


def approve_permission(kind: DocumentType) -> Permission:
    """The permission every step of a document type needs, whatever its rule says."""
    return (
        flow.approve_permission(kind) if kind in TRADE_TYPES else Permission.STOCK_DOCUMENT_APPROVE
    )


def document_rule(uow: UnitOfWork, doc: Document) -> Rule | None:
    rules = uow.approval_rules.rules(doc.type.value)
    return rule_for(rules, doc.type.value, doc.total, doc.conditions)


def document_steps(uow: UnitOfWork, doc: Document) -> tuple[Step, ...]:
    rules = uow.approval_rules.rules(doc.type.value)
    return steps_for(rules, doc.type.value, doc.total, doc.conditions)


def check_approver(uow: UnitOfWork, doc: Document, actor: Actor) -> tuple[Step, ...]:
    """The document's steps, if the caller may take the waiting one (``check_turn``). A system
    actor (CLI, jobs: no user) takes one step per call like anyone."""
    steps = document_steps(uow, doc)
    approvers = uow.approval_rules.approvers(doc.id or 0, doc.approval_step) if steps else []
    turn = Turn(doc.number, steps, doc.approval_step, doc.created_by, tuple(approvers))
    check_turn(turn, actor.user_id, actor.roles)
    return steps


def take_step(uow: UnitOfWork, doc: Document, actor: Actor, comment: str) -> bool:
    """Record the caller's step; True when it was the last one (the document may post), else
    the step is audited and the document waits for the next approver."""
    steps = check_approver(uow, doc, actor)
    if not steps:
        return True
    note = text.optional_text(comment, "comment", 500)
    uow.approval_rules.record(doc.id or 0, doc.approval_step + 1, "approve", actor.user_id, note)
    doc.approval_step += 1
    if doc.approval_step >= len(steps):
        return True
    if doc.status is Status.DRAFT:
        doc.submit(actor.user_id, clock.now())
    elif doc.status is not Status.SUBMITTED:
        raise ValidationError("invalid_transition", action="approve", status=doc.status.value)
    after = {"step": doc.approval_step, "comment": note}
    uow.audit.record(actor, "document.approve_step", "document", doc.number, after=after)
    return False


def reject_step(uow: UnitOfWork, doc: Document, actor: Actor, reason: str) -> None:
    """Back to draft with the reason, by whoever holds the waiting step; the count restarts."""
    check_approver(uow, doc, actor)
    note = text.optional_text(reason, "comment", 500)
    doc.reject()
    uow.approval_rules.record(doc.id or 0, doc.approval_step + 1, "reject", actor.user_id, note)
    restart(doc)


def restart(doc: Document) -> None:
    """A rejected or 反审核 document starts its approval again, conditions found anew."""
    doc.approval_step = 0
    doc.approval_conditions = ""
