"""Approval rules' administration (审批流): add, edit and remove the rules of document types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.approval_rules import Rule, Step, check_rule
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import money, plain
from openjxc.services.approvals import approve_permission
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RuleInput:
    document_type: str
    steps: Sequence[Mapping[str, object]]
    min_amount: object | None = None
    condition: str | None = None


def add_approval_rule(data: RuleInput, actor: Actor, uow: UnitOfWork) -> int:
    """A rule: the ordered steps a document type needs (from an amount, under a condition)."""
    actor.require(Permission.SYSTEM_ADMIN)
    kind = _document_type(data.document_type)
    amount = None if data.min_amount is None else money(data.min_amount, "min_amount")
    condition = data.condition or None
    check_rule(kind, amount, condition)
    with uow:
        steps = _steps(uow, kind, data.steps)
        rule_id = uow.approval_rules.add(kind.value, amount, condition, steps)
        rule = Rule(rule_id, kind.value, amount, tuple(steps), condition)
        uow.audit.record(actor, "approval_rule.create", "approval_rule", rule_id, after=_dump(rule))
        uow.commit()
    return rule_id


def update_approval_rule(
    rule_id: int, changes: Mapping[str, object], actor: Actor, uow: UnitOfWork
) -> Rule:
    """Change a rule's type, amount, condition or steps; checked as a new rule would be.

    Documents already waiting follow the rule as it now is, from the step they reached.
    """
    actor.require(Permission.SYSTEM_ADMIN)
    unknown = set(changes) - {"document_type", "min_amount", "condition", "steps"}
    if unknown:
        raise ValidationError("invalid_choice", field="fields", value=", ".join(sorted(unknown)))
    with uow:
        before = next((r for r in uow.approval_rules.rules() if r.id == rule_id), None)
        if before is None:
            raise NotFound("approval_rule", rule_id)
        rule = before
        if "document_type" in changes:
            kind_value = str(changes["document_type"] or "")
            rule = replace(rule, document_type=_document_type(kind_value).value)
        if "min_amount" in changes:
            value = changes["min_amount"]
            rule = replace(rule, min_amount=None if value is None else money(value, "min_amount"))
        if "condition" in changes:
            rule = replace(rule, condition=str(changes["condition"] or "") or None)
        kind = DocumentType(rule.document_type)
        check_rule(kind, rule.min_amount, rule.condition)
        if "steps" in changes:
            raw = changes["steps"]
            if not isinstance(raw, Sequence) or isinstance(raw, str):
                raise ValidationError("required", field="steps")
            rule = replace(rule, steps=tuple(_steps(uow, kind, raw)))
        else:
            _steps(uow, kind, [_step_data(s) for s in rule.steps])  # still fit a new type?
        uow.approval_rules.update(rule)
        uow.audit.record(
            actor,
            "approval_rule.update",
            "approval_rule",
            rule_id,
            before=_dump(before),
            after=_dump(rule),
        )
        uow.commit()
    return rule


def delete_approval_rule(rule_id: int, actor: Actor, uow: UnitOfWork) -> None:
    """Remove a rule (documents waiting follow the remaining rules)."""
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        if not uow.approval_rules.delete(rule_id):
            raise NotFound("approval_rule", rule_id)
        uow.audit.record(actor, "approval_rule.delete", "approval_rule", rule_id)
        uow.commit()


def _document_type(value: str) -> DocumentType:
    try:
        return DocumentType(value)
    except ValueError:
        raise ValidationError("invalid_choice", field="document_type", value=value) from None


def _steps(uow: UnitOfWork, kind: DocumentType, raw: Sequence[Mapping[str, object]]) -> list[Step]:
    """Each step a role or an active user that may approve ``kind``: a step nobody can take
    would hold every document of the type forever."""
    if not raw:
        raise ValidationError("required", field="steps")
    needed = str(approve_permission(kind))
    steps = []
    for number, data in enumerate(raw, start=1):
        role, user = data.get("role") or None, data.get("user_id") or None
        step = Step(role=None if role is None else str(role), user_id=_user_id(user))
        if step.role is not None:
            found = uow.roles.by_code(step.role)
            if found is None:
                raise ValidationError("unknown_reference", field="role", value=step.role)
            grants = found.grants()
        else:
            account = uow.users.get(step.user_id or 0)
            if account is None or not account.active:
                raise ValidationError("unknown_reference", field="user", value=str(step.user_id))
            grants = frozenset(
                p for code in account.roles if (r := uow.roles.by_code(code)) for p in r.grants()
            )
        if needed not in grants:
            raise ValidationError(
                "step_cannot_approve",
                field="steps",
                step=number,
                approver=step.approver,
                permission=needed,
            )
        steps.append(step)
    return steps


def _user_id(value: object | None) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        raise ValidationError("invalid_choice", field="steps", value=str(value)) from None


def _step_data(step: Step) -> dict[str, object]:
    return {"role": step.role} if step.role else {"user_id": step.user_id}


def _dump(rule: Rule) -> dict[str, object]:
    amount: Decimal | None = rule.min_amount
    return {
        "document_type": rule.document_type,
        "min_amount": None if amount is None else plain(amount),
        "condition": rule.condition,
        "steps": [_step_data(s) for s in rule.steps],
    }
