"""审批中心: the caller's inbox, approval rules, a document's approval history."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.approval_rules import Rule
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, MoneyOut
from openjxc.entrypoints.api.deps import (
    CurrentActor,
    IdPath,
    PageDep,
    ReadSession,
    UowDep,
    new_router,
)
from openjxc.entrypoints.api.routers.documents import DocumentTypeName
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import approvals as queries
from openjxc.services import approval_rules as service

router = new_router(tags=["approvals"])


class InboxItem(BaseModel):
    number: str
    type: str
    date: dt.date
    partner: str | None
    warehouse: str
    total: MoneyOut | None = Field(
        description="价税合计 of a trading document; null for stock documents, and for purchases "
        "without price.read"
    )
    value: MoneyOut | None = Field(
        description="a stock document at cost (a stocktake: its variance), the unposted lines "
        "at the current average cost; null for trading documents and without price.read"
    )
    step: int = Field(description="the step waiting for the caller")
    steps: int
    conditions: list[str] = Field(description="rule conditions found when it was submitted")
    reason: str | None
    remarks: str


class InboxList(BaseModel):
    data: list[InboxItem]
    count: int


class StepIn(Create):
    role: str | None = Field(default=None, max_length=32)
    user_id: int | None = None


ConditionIn = Literal["below_min_price", "credit_override"]


class RuleIn(Create):
    document_type: DocumentTypeName
    min_amount: DecimalIn | None = Field(
        default=None, description="applies from this total (trading documents)"
    )
    condition: ConditionIn | None = Field(
        default=None,
        description="applies only when found: a sale below the minimum price (sales orders and "
        "deliveries), a sales order over the customer's credit limit",
    )
    steps: list[StepIn] = Field(min_length=1, max_length=10)


class RuleUpdate(Create):
    """Only the fields sent change; ``min_amount`` or ``condition`` null removes it."""

    document_type: DocumentTypeName | None = None
    min_amount: DecimalIn | None = None
    condition: ConditionIn | None = None
    steps: list[StepIn] | None = Field(default=None, min_length=1, max_length=10)


class RuleRead(BaseModel):
    id: int


class StepRead(BaseModel):
    role: str | None
    user_id: int | None


class RuleDetail(BaseModel):
    id: int
    document_type: str
    min_amount: MoneyOut | None
    condition: str | None
    steps: list[StepRead]


class RuleList(BaseModel):
    data: list[RuleDetail]
    count: int


class RecordRead(BaseModel):
    step: int
    action: str
    user: str | None
    comment: str
    at: datetime


@router.get("/approvals/inbox", response_model=InboxList)
def approvals_inbox(session: ReadSession, actor: CurrentActor, page: PageDep) -> InboxList:
    """Documents waiting for the caller's approval step."""
    rows, count = queries.inbox(session, actor, page.limit, page.offset)
    return InboxList(data=[InboxItem.model_validate(r) for r in rows], count=count)


@router.get("/approval-rules", response_model=RuleList)
def list_rules(session: ReadSession, actor: CurrentActor) -> RuleList:
    """Every approval rule, with its condition and ordered steps (administrators)."""
    actor.require(Permission.SYSTEM_ADMIN)
    found = [_detail(rule) for rule in queries.rules(session)]
    return RuleList(data=found, count=len(found))


@router.get("/approval-rules/{rule_id}", response_model=RuleDetail)
def get_rule(rule_id: IdPath, session: ReadSession, actor: CurrentActor) -> RuleDetail:
    """One approval rule (administrators)."""
    actor.require(Permission.SYSTEM_ADMIN)
    found = next((rule for rule in queries.rules(session) if rule.id == rule_id), None)
    if found is None:
        raise NotFound("approval_rule", str(rule_id))
    return _detail(found)


@router.post("/approval-rules", response_model=RuleRead, status_code=201)
@replies.not_rendered("a new rule is inserted outside the ORM: its id is not known at the commit")
def create_rule(body: RuleIn, uow: UowDep, actor: CurrentActor) -> RuleRead:
    """A rule: ordered steps (role or user) for a document type, from an amount, under a
    condition."""
    data = service.RuleInput(
        body.document_type,
        [step.model_dump(exclude_none=True) for step in body.steps],
        body.min_amount,
        body.condition,
    )
    return RuleRead(id=service.add_approval_rule(data, actor, uow))


@router.patch("/approval-rules/{rule_id}", response_model=RuleDetail)
@replies.resource("/approval-rules/{rule_id}")
def update_rule(rule_id: IdPath, body: RuleUpdate, uow: UowDep, actor: CurrentActor) -> RuleDetail:
    """Change a rule; it is checked as a new one would be, and nothing changes if refused."""
    changes: dict[str, object] = {}
    for name in body.model_fields_set:
        if name == "steps":
            if body.steps is None:
                raise ValidationError("required", field="steps")
            changes["steps"] = [step.model_dump(exclude_none=True) for step in body.steps]
        elif name == "document_type" and body.document_type is None:
            raise ValidationError("required", field="document_type")
        else:
            changes[name] = getattr(body, name)
    return _detail(service.update_approval_rule(rule_id, changes, actor, uow))


@router.delete("/approval-rules/{rule_id}", status_code=204)
def delete_rule(rule_id: IdPath, uow: UowDep, actor: CurrentActor) -> None:
    """Remove a rule (documents waiting follow the remaining rules)."""
    service.delete_approval_rule(rule_id, actor, uow)


@router.get("/documents/{ref}/approvals", response_model=list[RecordRead])
def approval_history(ref: str, session: ReadSession, actor: CurrentActor) -> list[RecordRead]:
    """Each approval step taken: who, when, approve or reject, comment."""
    return [RecordRead.model_validate(r) for r in queries.history(session, actor, ref)]


def _detail(rule: Rule) -> RuleDetail:
    return RuleDetail(
        id=rule.id,
        document_type=rule.document_type,
        min_amount=rule.min_amount,
        condition=rule.condition,
        steps=[StepRead(role=s.role, user_id=s.user_id) for s in rule.steps],
    )
