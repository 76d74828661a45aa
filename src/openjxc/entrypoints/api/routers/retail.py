"""Retail: the terminals' sync (``POST /sync/retail``), terminals, and the 异常单 queue.

The sync is idempotent by each transaction's own id (docs/retail.md): a batch sent again
is answered from the ledger, so it needs no Idempotency-Key and claims none.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from openjxc.domain.shared.errors import DomainError, NotFound
from openjxc.entrypoints import messages
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn
from openjxc.entrypoints.api.deps import (
    CurrentActor,
    IdPath,
    PageDep,
    ReadSession,
    UowDep,
    new_router,
)
from openjxc.entrypoints.api.errors import language_of
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import retail as queries
from openjxc.services.retail import queue, settings, sync, terminals
from openjxc.services.retail.transactions import PaymentInput, RetailInput, RetailLineInput

router = new_router(tags=["retail"])


class RetailLineIn(Create):
    product: str = Field(max_length=64, description="product code or barcode")
    qty: DecimalIn
    price: DecimalIn = Field(description="零售价 per unit, tax included")
    unit: str | None = Field(default=None, max_length=16)
    discount: DecimalIn | None = Field(default=None, description="行折扣: amount off the line")
    original_line: int | None = Field(
        default=None, ge=1, le=100_000, description="a return: the line no. on the original"
    )


class PaymentIn(Create):
    method: str = Field(max_length=32, description="cash, wechat, alipay, card, credit, other …")
    amount: DecimalIn


class TransactionIn(Create):
    id: str = Field(min_length=1, max_length=64, description="the terminal's own transaction id")
    kind: Literal["sale", "return"] = "sale"
    occurred_at: AwareDatetime = Field(description="when it was recorded, with its UTC offset")
    store: str = Field(max_length=32, description="the store's code: the terminal's own")
    lines: list[RetailLineIn] = Field(max_length=1000)
    payments: list[PaymentIn] = Field(default=[], max_length=20)
    cashier: str | None = Field(default=None, max_length=64)
    member: str | None = Field(default=None, max_length=32)
    customer: str | None = Field(
        default=None, max_length=32, description="挂账 to (default: member)"
    )
    discount: DecimalIn = Field(default="0", description="整单折扣")
    rounding: DecimalIn = Field(default="0", description="抹零 (< 1 yuan)")
    change: DecimalIn = Field(default="0", description="找零 (out of cash)")
    original: str | None = Field(
        default=None, max_length=64, description="a return: the sale's transaction id or number"
    )
    remarks: str = Field(default="", max_length=500)


class SyncIn(Create):
    transactions: list[TransactionIn] = Field(max_length=sync.MAX_BATCH)


class AckOut(BaseModel):
    id: str
    status: Literal["posted", "duplicate", "exception"]
    number: str | None = Field(default=None, description="the document it posted as")
    exception_id: int | None = None
    reason: str | None = Field(default=None, description="error code it is queued for")
    message: str | None = None
    details: list[dict[str, Any]] = []


class SyncOut(BaseModel):
    acks: list[AckOut]


def _input(body: TransactionIn) -> RetailInput:
    return RetailInput(
        id=body.id,
        kind=body.kind,
        occurred_at=body.occurred_at,
        store=body.store,
        lines=tuple(RetailLineInput(**ln.model_dump()) for ln in body.lines),
        payments=tuple(PaymentInput(**p.model_dump()) for p in body.payments),
        cashier=body.cashier,
        member=body.member,
        customer=body.customer,
        discount=body.discount,
        rounding=body.rounding,
        change=body.change,
        original=body.original,
        remarks=body.remarks,
    )


def _ack(ack: sync.Ack, language: str) -> AckOut:
    message = None
    details: list[dict[str, Any]] = []
    if ack.reason is not None:
        described = messages.describe(DomainError(ack.reason, ack.details, **ack.params), language)
        message, details = described["message"], described["details"]
    return AckOut(
        id=ack.id,
        status=ack.status,
        number=ack.number,
        exception_id=ack.exception_id,
        reason=ack.reason,
        message=message,
        details=details,
    )


@router.post("/sync/retail", response_model=SyncOut)
@replies.not_rendered("idempotent by its transaction ids: a batch sent again is answered anew")
def sync_retail(body: SyncIn, request: Request, uow: UowDep, actor: CurrentActor) -> SyncOut:
    """Post a terminal's batch of sales and returns, each exactly once; acknowledge each."""
    acks = sync.sync_retail([_input(t) for t in body.transactions], actor, uow)
    language = language_of(request)
    return SyncOut(acks=[_ack(a, language) for a in acks])


class ExceptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    terminal: str
    store: str
    client_id: str
    received_at: dt.datetime
    reason: str
    message: str = ""
    status: str
    attempts: int
    document: str | None
    resolved_at: dt.datetime | None
    payload: dict[str, Any]


class ExceptionList(BaseModel):
    data: list[ExceptionRead]
    count: int


def _exception(row: queries.ExceptionRow, language: str) -> ExceptionRead:
    params = dict(row.reason_params)
    details = params.pop("details", [])
    message = messages.describe(DomainError(row.reason, details, **params), language)["message"]
    return ExceptionRead.model_validate(row).model_copy(update={"message": message})


@router.get("/retail/exceptions", response_model=ExceptionList)
def list_exceptions(
    request: Request,
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    status: Annotated[Literal["open", "posted", "all"], Query()] = "open",
) -> ExceptionList:
    """异常单: transactions kept as received because they could not post, oldest first."""
    rows, count = queries.list_exceptions(
        session, actor, None if status == "all" else status, page.limit, page.offset
    )
    language = language_of(request)
    return ExceptionList(data=[_exception(r, language) for r in rows], count=count)


@router.get("/retail/exceptions/{exception_id}", response_model=ExceptionRead)
def get_exception(
    exception_id: IdPath, request: Request, session: ReadSession, actor: CurrentActor
) -> ExceptionRead:
    """One 异常单."""
    return _exception(queries.get_exception(session, actor, exception_id), language_of(request))


@router.post("/retail/exceptions/{exception_id}/retry", response_model=ExceptionRead)
@replies.resource("/retail/exceptions/{exception_id}")
def retry_exception(
    exception_id: IdPath, request: Request, uow: UowDep, session: ReadSession, actor: CurrentActor
) -> ExceptionRead:
    """Re-post a 异常单 once its cause is fixed (it posts once; still failing: the error)."""
    queue.retry_exception(exception_id, actor, uow)
    return _exception(queries.get_exception(session, actor, exception_id), language_of(request))


class TerminalIn(Create):
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    store: str = Field(max_length=32, description="organisation code")
    warehouse: str = Field(max_length=32, description="the store's warehouse it sells from")


class TerminalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    store: str
    warehouse: str
    username: str
    active: bool


class TerminalToken(BaseModel):
    terminal: TerminalRead
    token: str = Field(description="shown once: the terminal's bearer token")


class TerminalList(BaseModel):
    data: list[TerminalRead]
    count: int


class TerminalActive(Create):
    active: bool


def _terminal_read(session: ReadSession, actor: CurrentActor, code: str) -> TerminalRead:
    for row in queries.list_terminals(session, actor):
        if row.code == code:
            return TerminalRead.model_validate(row)
    raise NotFound("retail_terminal", code)


@router.get("/retail/terminals", response_model=TerminalList)
def list_terminals(session: ReadSession, actor: CurrentActor) -> TerminalList:
    """The terminals of the caller's stores."""
    rows = queries.list_terminals(session, actor)
    return TerminalList(data=[TerminalRead.model_validate(r) for r in rows], count=len(rows))


@router.get("/retail/terminals/{code}", response_model=TerminalRead)
def get_terminal(code: str, session: ReadSession, actor: CurrentActor) -> TerminalRead:
    """One terminal."""
    return _terminal_read(session, actor, code)


@router.post("/retail/terminals", response_model=TerminalToken, status_code=201)
@replies.secret
def register_terminal(
    body: TerminalIn, uow: UowDep, session: ReadSession, actor: CurrentActor
) -> TerminalToken:
    """Register a store's terminal; the reply holds its token, shown once."""
    made = terminals.register_terminal(terminals.TerminalData(**body.model_dump()), actor, uow)
    read = _terminal_read(session, actor, made.terminal.code)
    return TerminalToken(terminal=read, token=made.token.token)


@router.post("/retail/terminals/{code}/token", response_model=TerminalToken)
@replies.secret
def renew_terminal_token(
    code: str, uow: UowDep, session: ReadSession, actor: CurrentActor
) -> TerminalToken:
    """Revoke the terminal's tokens and issue a new one (shown once)."""
    made = terminals.renew_terminal_token(code, actor, uow)
    return TerminalToken(terminal=_terminal_read(session, actor, code), token=made.token.token)


@router.patch("/retail/terminals/{code}", response_model=TerminalRead)
@replies.resource("/retail/terminals/{code}")
def set_terminal_active(
    code: str, body: TerminalActive, uow: UowDep, session: ReadSession, actor: CurrentActor
) -> TerminalRead:
    """Take a terminal out of service (its token stops working), or back."""
    terminals.set_terminal_active(code, body.active, actor, uow)
    return _terminal_read(session, actor, code)


class PaymentMethods(BaseModel):
    methods: list[str]


class PaymentMethodsIn(Create):
    methods: list[str] = Field(min_length=1, max_length=30)


@router.get("/retail/payment-methods", response_model=PaymentMethods)
def get_payment_methods(session: ReadSession, actor: CurrentActor) -> PaymentMethods:
    """The payment methods a till offers (``cash`` gives change, ``credit`` is 挂账)."""
    return PaymentMethods(methods=queries.payment_methods(session))


@router.put("/retail/payment-methods", response_model=PaymentMethods)
@replies.resource("/retail/payment-methods")
def set_payment_methods(body: PaymentMethodsIn, uow: UowDep, actor: CurrentActor) -> PaymentMethods:
    """Replace the list of payment methods."""
    return PaymentMethods(methods=settings.set_payment_methods(body.methods, actor, uow))
