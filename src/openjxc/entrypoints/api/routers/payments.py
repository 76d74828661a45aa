"""收款单 (customer_receipt, SKD) and 付款单 (supplier_payment, FKD) with settlement (核销).

A separate resource from /documents: money documents have no warehouse and no product lines,
and settling is an action of its own (``/settle``, ``/unsettle``).
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from openjxc.domain.trading.payment import Payment
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries.refs import id_of
from openjxc.queries.trading import payments as queries
from openjxc.services.trading import payments as service

router = new_router(prefix="/payments", tags=["payments"])

PaymentTypeName = Literal["customer_receipt", "supplier_payment"]
PaymentStatusName = Literal["draft", "submitted", "approved", "void"]


class PaymentIn(Create):
    type: PaymentTypeName
    date: dt.date
    partner: str = Field(max_length=32)
    amount: DecimalIn
    method: str = Field(default="", max_length=32)
    account: str = Field(default="", max_length=64)
    prepayment: bool = Field(default=False, description="预收/预付: may exceed what is owed")
    remarks: str = Field(default="", max_length=500)
    organisation: str | None = Field(
        default=None,
        max_length=32,
        description="store or head office (code); default: the caller's own, else head office",
    )


class SettleLine(Create):
    document: str = Field(max_length=32, description="number of the open document")
    amount: DecimalIn


class SettleIn(Create):
    mode: Literal["auto", "none", "chosen"] = Field(
        default="auto", description="auto: oldest open first; none: leave unapplied"
    )
    lines: list[SettleLine] = Field(default=[], max_length=500)


class SettlementRead(BaseModel):
    document: str
    amount: MoneyOut


class PaymentRead(BaseModel):
    id: int
    type: PaymentTypeName
    number: str
    date: dt.date
    status: str
    partner: str
    organisation: str | None
    amount: MoneyOut
    method: str
    account: str
    prepayment: bool
    remarks: str
    settled: MoneyOut
    unapplied: MoneyOut = Field(description="预收/预付 left to apply")
    settlements: list[SettlementRead]
    created_by: str | None
    approved_by: str | None
    approved_at: datetime | None
    created_at: datetime


class PaymentList(BaseModel):
    data: list[PaymentRead]
    count: int


def _settle(body: SettleIn | None) -> service.Settle:
    if body is None or body.mode == "auto":
        return None
    if body.mode == "none":
        return {}
    return [(line.document, line.amount) for line in body.lines]


def _read(session: ReadSession, actor: CurrentActor, ref: str) -> PaymentRead:
    return PaymentRead.model_validate(queries.get_payment(session, actor, ref))


@router.get("", response_model=PaymentList)
def list_payments(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    type: PaymentTypeName | None = None,
    partner: Annotated[str | None, Query(max_length=32, description="code or id")] = None,
    status: PaymentStatusName | None = None,
) -> PaymentList:
    """Payments, newest first."""
    rows, count = queries.list_payments(
        session,
        actor,
        type=type,
        partner_id=id_of(session, "partner", partner) if partner else None,
        status=status,
        limit=page.limit,
        offset=page.offset,
    )
    return PaymentList(data=[PaymentRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=PaymentRead, status_code=201)
@replies.created(Payment, "/payments/{new.number}")
def create_payment(
    body: PaymentIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> PaymentRead:
    """Create a draft 收款单/付款单."""
    payment = service.create_payment(service.PaymentInput(**body.model_dump()), actor, uow)
    return _read(session, actor, payment.number)


@router.patch("/{ref}", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def update_payment(
    ref: str, body: PaymentIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> PaymentRead:
    """Change a draft 收款单/付款单 (the whole of it, as on create; type and number stay)."""
    payment = service.update_payment(ref, service.PaymentInput(**body.model_dump()), actor, uow)
    return _read(session, actor, payment.number)


@router.get("/{ref}", response_model=PaymentRead)
def get_payment(ref: str, session: ReadSession, actor: CurrentActor) -> PaymentRead:
    """One payment with its settlements."""
    return _read(session, actor, ref)


@router.post("/{ref}/approve", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def approve(
    ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession, body: SettleIn | None = None
) -> PaymentRead:
    """Approve, post to the partner's account and settle (default: oldest open first)."""
    return _read(session, actor, service.approve_payment(ref, _settle(body), actor, uow).number)


@router.post("/{ref}/settle", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def settle(
    ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession, body: SettleIn | None = None
) -> PaymentRead:
    """Apply the unapplied rest (预收/预付) to open documents."""
    return _read(session, actor, service.settle_payment(ref, _settle(body), actor, uow).number)


@router.post("/{ref}/unsettle", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def unsettle(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> PaymentRead:
    """Undo the payment's settlements."""
    return _read(session, actor, service.unsettle_payment(ref, actor, uow).number)


@router.post("/{ref}/unapprove", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def unapprove(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> PaymentRead:
    """反审核 (refused while settled)."""
    return _read(session, actor, service.unapprove_payment(ref, actor, uow).number)


@router.post("/{ref}/void", response_model=PaymentRead)
@replies.resource("/payments/{ref}")
def void(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> PaymentRead:
    """作废 a draft."""
    return _read(session, actor, service.void_payment(ref, actor, uow).number)
