"""审批中心: the caller's inbox, approval rules, a document's approval history."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from openjxc.entrypoints.api.decimals import DecimalIn, MoneyOut
from openjxc.entrypoints.api.deps import (
    CurrentActor,
    IdPath,
    PageDep,
    ReadSession,
    UowDep,
    new_router,
)
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries.trading import approvals as queries
from openjxc.services.trading import approval_steps as service

router = new_router(tags=["approvals"])


class InboxItem(BaseModel):
    number: str
    type: str
    date: dt.date
    partner: str | None
    total: MoneyOut
    step: int = Field(description="the step waiting for the caller")
    steps: int


class InboxList(BaseModel):
    data: list[InboxItem]
    count: int


class StepIn(Create):
    role: str | None = Field(default=None, max_length=32)
    user_id: int | None = None


class RuleIn(Create):
    document_type: Literal[
        "purchase_order",
        "purchase_receipt",
        "purchase_return",
        "sales_order",
        "sales_delivery",
        "sales_return",
    ]
    min_amount: DecimalIn | None = Field(default=None, description="applies from this total")
    steps: list[StepIn] = Field(min_length=1, max_length=10)


class RuleRead(BaseModel):
    id: int


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


@router.post("/approval-rules", response_model=RuleRead, status_code=201)
def create_rule(body: RuleIn, uow: UowDep, actor: CurrentActor) -> RuleRead:
    """A rule: ordered steps (role or user) for a document type, from an amount."""
    data = service.RuleInput(
        body.document_type,
        [step.model_dump(exclude_none=True) for step in body.steps],
        body.min_amount,
    )
    return RuleRead(id=service.add_approval_rule(data, actor, uow))


@router.delete("/approval-rules/{rule_id}", status_code=204)
def delete_rule(rule_id: IdPath, uow: UowDep, actor: CurrentActor) -> None:
    """Remove a rule (documents waiting follow the remaining rules)."""
    service.delete_approval_rule(rule_id, actor, uow)


@router.get("/documents/{ref}/approvals", response_model=list[RecordRead])
def approval_history(ref: str, session: ReadSession, actor: CurrentActor) -> list[RecordRead]:
    """Each approval step taken: who, when, approve or reject, comment."""
    return [RecordRead.model_validate(r) for r in queries.history(session, actor, ref)]
