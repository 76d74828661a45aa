"""Documents, stock and trading: drafts, approval, 反审核, 作废, 红冲, 拣货, trace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import datetime
from typing import Annotated, Any, Literal, cast

from fastapi import Query
from pydantic import BaseModel, Field, model_validator

from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.trading.picking import Scan
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.renamed import deprecated, old_name, take_old_names
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import documents as queries
from openjxc.queries.refs import id_of
from openjxc.queries.trading import trace as trace_queries
from openjxc.queries.trading.picking import pick_version
from openjxc.services.inventory import documents as service
from openjxc.services.inventory import transit
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import dispatch
from openjxc.services.trading import documents as trade_documents
from openjxc.services.trading.picking import pick_delivery

router = new_router(prefix="/documents", tags=["documents"])

DocumentTypeName = Literal[
    "opening_stock",
    "other_receipt",
    "other_issue",
    "transfer",
    "write_off",
    "overage",
    "stocktake",
    "purchase_order",
    "purchase_receipt",
    "purchase_return",
    "sales_order",
    "sales_delivery",
    "sales_return",
]
StatusName = Literal[
    "draft",
    "submitted",
    "approved",
    "in_transit",
    "partial",
    "completed",
    "closed",
    "void",
    "reversed",
]
ReasonName = Literal[
    "gift", "sample", "lending", "loan_return", "internal_use", "damage", "expired", "other"
]


#: the names issue #15 retired (one name per discount) and their new ones: still accepted
#: on input and returned on output for one release, marked deprecated in the OpenAPI schema
LINE_RENAMED = {"discount_rate": "line_discount_rate", "discount": "line_discount"}
DOCUMENT_RENAMED = {"discount": "order_discount"}


class LineIn(Create):
    product: str | None = Field(
        default=None, max_length=32, description="code or id (default: the source line's)"
    )
    qty: DecimalIn = Field(description="in `unit` (default: the base unit)")
    unit: str | None = Field(default=None, max_length=16)
    unit_cost: DecimalIn | None = Field(
        default=None, description="per `unit`, for inbound lines at a given cost"
    )
    amount: DecimalIn | None = Field(
        default=None, description="the line's value instead of a unit cost"
    )
    batch: str | None = Field(default=None, max_length=64)
    production_date: dt.date | None = None
    expiry: dt.date | None = None
    reason: ReasonName | None = None
    remarks: str = Field(default="", max_length=200)
    price: DecimalIn | None = Field(
        default=None, description="trading: unit price per `unit` (含税 if tax_included)"
    )
    tax_rate: DecimalIn | None = Field(
        default=None,
        description='trading: the VAT rate: "13", "13%" and 0.13 are all 13% (a number below 1 with a point is a fraction; "1" is 1%)',
    )
    line_discount_rate: DecimalIn | None = Field(
        default=None,
        description="trading: the line discount as a rate (折扣率), the part taken off: "
        "0.05 for 5% off (九五折)",
    )
    line_discount: DecimalIn | None = Field(
        default=None,
        description="trading: the line discount as an amount (折扣额) off qty × price before "
        "tax (含税 if tax_included); with line_discount_rate too, the two must agree",
    )
    source_line: int | None = Field(
        default=None, description="trading: id of the upstream line (PO line, receipt line …)"
    )
    discount_rate: DecimalIn | None = Field(
        default=None, deprecated=True, description=deprecated("line_discount_rate")
    )
    discount: DecimalIn | None = Field(
        default=None, deprecated=True, description=deprecated("line_discount")
    )

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return take_old_names(data, LINE_RENAMED)


class _DocumentFields(Create):
    to_warehouse: str | None = Field(default=None, max_length=32)
    two_step: bool = Field(
        default=False,
        description="transfer only: approval puts the goods in transit (在途); "
        "`POST /documents/{ref}/receive` brings them into `to_warehouse`",
    )
    partner: str | None = Field(default=None, max_length=32)
    reason: ReasonName | None = None
    remarks: str = Field(default="", max_length=500)
    expected_return_date: dt.date | None = None
    source_document: str | None = Field(default=None, max_length=32)
    expected_date: dt.date | None = Field(default=None, description="orders")
    from_documents: list[str] = Field(
        default=[],
        max_length=50,
        description="trading: upstream documents whose open quantities become lines",
    )
    tax_included: bool | None = Field(
        default=None, description="trading: prices include tax (default: company switch)"
    )
    order_discount: DecimalIn | None = Field(
        default=None,
        description="trading: the order discount (整单优惠), an amount off the grand total "
        "(价税合计), shared out to the lines in proportion to their totals",
    )
    salesperson: str | None = Field(
        default=None,
        max_length=64,
        description="trading: 业务员 (username or id); default: the source document's. "
        "Sales and purchase statistics by salesperson count the document for this user "
        "(for its creator when none is named)",
    )
    lines: list[LineIn] = Field(default=[], max_length=2000)
    discount: DecimalIn | None = Field(
        default=None, deprecated=True, description=deprecated("order_discount")
    )

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return take_old_names(data, DOCUMENT_RENAMED)


class DocumentIn(_DocumentFields):
    type: DocumentTypeName
    date: dt.date
    warehouse: str = Field(max_length=32)


class DocumentPatch(_DocumentFields):
    """A partial edit: every field left out keeps the draft's value; ``lines``, when given,
    replace all the lines. ``type`` may be given but not changed."""

    type: DocumentTypeName | None = None
    date: dt.date | None = None
    warehouse: str | None = Field(default=None, max_length=32)


class RevaluationRead(BaseModel):
    """A re-costing of the line's move: 成本已因 {document} 调整 old_value → new_value."""

    document: str | None = Field(
        description="the document whose posting caused it (none: a repair)"
    )
    document_type: str | None
    old_value: MoneyOut
    new_value: MoneyOut
    at: datetime


class LineRead(BaseModel):
    line_no: int
    product: str
    product_name: str
    unit: str
    qty: DecimalOut
    base_qty: DecimalOut
    base_unit: str
    unit_cost: DecimalOut | None
    amount: MoneyOut | None
    batch: str | None
    production_date: dt.date | None
    expiry: dt.date | None
    reason: str | None
    remarks: str
    posted_value: MoneyOut | None = Field(description="value the line moved at, once posted")
    revaluations: list[RevaluationRead] | None = Field(
        default=None,
        description="each re-costing of the line's moves since they posted (a backdated "
        "posting or a 反审核 before them), oldest first; hidden without price.read",
    )
    id: int
    source_line: int | None = None
    price: DecimalOut | None = None
    tax_rate: DecimalOut | None = None
    net_amount: MoneyOut | None = None
    tax: MoneyOut | None = None
    line_discount_rate: DecimalOut | None = Field(
        default=None, description="trading: the line discount as a rate (折扣率, part off)"
    )
    line_discount: MoneyOut | None = Field(
        default=None, description="trading: the line discount as an amount (折扣额)"
    )
    order_discount_share: MoneyOut | None = Field(
        default=None,
        description="trading: the line's share of the order discount (整单优惠分摊; "
        "net_amount and tax are after it)",
    )
    entered_price: DecimalOut | None = Field(
        default=None,
        description="trading: the unit price per `unit` as entered or offered, on the basis "
        "entered_price_tax_included says (`price` is the tax-exclusive price derived from it)",
    )
    entered_price_tax_included: bool | None = Field(
        default=None, description="trading: entered_price includes tax (含税单价)"
    )
    received_qty: DecimalOut | None = Field(
        default=None,
        description="two-step transfers, once received: what arrived, in the line's unit",
    )
    short_qty: DecimalOut | None = Field(
        default=None, description="two-step transfers: sent less received (a loss in transit)"
    )
    short_reason: str | None = Field(
        default=None, description="two-step transfers: why less arrived (短少, 破损 …)"
    )
    lost_value: MoneyOut | None = Field(
        default=None,
        description="two-step transfers: the value lost in transit (hidden without price.read)",
    )
    done_qty: DecimalOut | None = Field(
        default=None, description="orders: received/delivered so far (base units)"
    )
    done_in_units: str | None = Field(
        default=None, description="orders: done_qty in the line's unit (6袋, 6袋10kg)"
    )
    open_in_units: str | None = Field(
        default=None, description="orders: what is still open, in the line's unit"
    )
    returned_qty: DecimalOut | None = Field(
        default=None,
        description="returned so far against the line (orders: through their receipts/deliveries)",
    )
    margin: MoneyOut | None = Field(
        default=None, description="sales: net amount less cost of goods (毛利)"
    )

    @old_name("line_discount_rate")
    def discount_rate(self) -> DecimalOut | None:
        return self.line_discount_rate

    @old_name("line_discount")
    def discount(self) -> MoneyOut | None:
        return self.line_discount

    @old_name("order_discount_share")
    def discount_share(self) -> MoneyOut | None:
        return self.order_discount_share


class DocumentRead(BaseModel):
    id: int
    type: str
    number: str
    date: dt.date
    status: StatusName
    warehouse: str
    to_warehouse: str | None
    two_step: bool = False
    partner: str | None
    reason: str | None
    remarks: str
    expected_return_date: dt.date | None
    red_letter: bool = False
    source_document: str | None = None
    expected_date: dt.date | None = None
    due_date: dt.date | None = None
    net_amount: MoneyOut | None = None
    tax: MoneyOut | None = None
    total: MoneyOut | None = Field(
        default=None, description="价税合计 after 整单优惠: what is owed"
    )
    order_discount: MoneyOut | None = Field(
        default=None, description="trading: the order discount (整单优惠)"
    )
    total_before_order_discount: MoneyOut | None = Field(
        default=None, description="trading: 价税合计 before the order discount"
    )
    created_by: str | None
    salesperson: str | None = Field(default=None, description="trading: 业务员")
    pick_version: str | None = Field(
        default=None,
        description="sales deliveries (one document read): what `POST /documents/{ref}/pick` "
        "sends back to be refused if the delivery changed since",
    )
    approved_by: str | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    lines: list[LineRead] = []

    @old_name("order_discount")
    def discount(self) -> MoneyOut | None:
        return self.order_discount

    @old_name("total_before_order_discount")
    def total_before_discount(self) -> MoneyOut | None:
        return self.total_before_order_discount


class DocumentList(BaseModel):
    data: list[DocumentRead]
    count: int


def _draft(body: DocumentIn) -> dispatch.DraftInput:
    """The body in the shape its type's fields take (the service is chosen by dispatch)."""
    return _trade_input(body) if body.type in TRADE_TYPES else _input(body)


def _trade_input(body: DocumentIn) -> trade_documents.TradeInput:
    return trade_documents.TradeInput(
        type=body.type,
        date=body.date,
        warehouse=body.warehouse,
        partner=body.partner,
        from_documents=body.from_documents,
        expected_date=body.expected_date,
        remarks=body.remarks,
        tax_included=body.tax_included,
        order_discount=body.order_discount,
        salesperson=body.salesperson,
        lines=[
            trade_documents.TradeLineInput(
                product=line.product,
                qty=line.qty,
                unit=line.unit,
                price=line.price,
                tax_rate=line.tax_rate,
                line_discount_rate=line.line_discount_rate,
                line_discount=line.line_discount,
                source_line=line.source_line,
                batch=line.batch,
                production_date=line.production_date,
                expiry=line.expiry,
                remarks=line.remarks,
            )
            for line in body.lines
        ],
    )


def _input(body: DocumentIn) -> service.DocumentInput:
    return service.DocumentInput(
        type=body.type,
        date=body.date,
        warehouse=body.warehouse,
        to_warehouse=body.to_warehouse,
        two_step=body.two_step,
        partner=body.partner,
        reason=body.reason,
        remarks=body.remarks,
        expected_return_date=body.expected_return_date,
        source_document=body.source_document,
        lines=[
            service.LineInput(
                **line.model_dump(
                    exclude={
                        "price",
                        "tax_rate",
                        "line_discount_rate",
                        "line_discount",
                        "discount_rate",
                        "discount",
                        "source_line",
                        "product",
                    }
                ),
                product=line.product or "",
            )
            for line in body.lines
        ],
    )


def _read(session: ReadSession, actor: CurrentActor, number: str) -> DocumentRead:
    doc = queries.get_document(session, actor, number)
    if doc["type"] == DocumentType.SALES_DELIVERY:
        doc["pick_version"] = pick_version(doc)
    return DocumentRead.model_validate(doc)


@router.get("", response_model=DocumentList)
def list_documents(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    type: DocumentTypeName | None = None,
    status: StatusName | None = None,
    since: Annotated[dt.date | None, Query(alias="from")] = None,
    until: Annotated[dt.date | None, Query(alias="to")] = None,
    product: Annotated[str | None, Query(max_length=32)] = None,
    warehouse: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=64)] = None,
) -> DocumentList:
    """Documents, newest first, filtered by type, status, dates, product, warehouse or number."""
    rows, count = queries.list_documents(
        session,
        actor,
        type=type,
        status=status,
        since=since,
        until=until,
        product_id=_id_of(session, "product", product),
        warehouse_id=_id_of(session, "warehouse", warehouse),
        q=q,
        limit=page.limit,
        offset=page.offset,
    )
    return DocumentList(data=[DocumentRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=DocumentRead, status_code=201)
@replies.created(Document, "/documents/{new.number}")
def create_document(
    body: DocumentIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> DocumentRead:
    """Create a draft; it gets its number at once."""
    doc = dispatch.save_document(None, _draft(body), actor, uow)
    return _read(session, actor, doc.number)


@router.get("/{ref}", response_model=DocumentRead)
def get_document(ref: str, session: ReadSession, actor: CurrentActor) -> DocumentRead:
    """One document by number or id, with its lines."""
    return _read(session, actor, ref)


@router.patch("/{ref}", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def update_document(
    ref: str, body: DocumentPatch, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> DocumentRead:
    """Edit a draft: the fields given replace the draft's, those left out stay as they are."""
    doc = dispatch.patch_document(ref, _overlay(body), actor, uow)
    return _read(session, actor, doc.number)


def _overlay(body: DocumentPatch) -> Callable[[dispatch.DraftInput], dispatch.DraftInput]:
    """The draft's current input with the fields ``body`` gives (and only those) replaced."""
    given = body.model_dump(exclude_unset=True).keys()

    def overlay(current: dispatch.DraftInput) -> dispatch.DraftInput:
        full = DocumentIn.model_construct(
            **{
                name: getattr(body, name)
                for name, spec in _DocumentFields.model_fields.items()
                if not spec.deprecated  # taken under their new names already
            },
            type=body.type or cast(DocumentTypeName, current.type),
            date=body.date or current.date,
            warehouse=body.warehouse or "",
        )
        trade = isinstance(current, trade_documents.TradeInput)
        shaped = _trade_input(full) if trade else _input(full)
        changes: dict[str, Any] = {f.name: getattr(shaped, f.name) for f in fields(shaped)}
        changes = {name: value for name, value in changes.items() if name in given}
        if trade and "lines" in given and "tax_included" not in given:
            changes["tax_included"] = None  # new prices read as a full edit reads them
        return replace(current, **changes)

    return overlay


@router.post("/{ref}/submit", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def submit(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> DocumentRead:
    """Send for approval (待审核)."""
    return _read(session, actor, dispatch.submit_document(ref, actor, uow).number)


class ApproveIn(Create):
    comment: str = Field(default="", max_length=500)


class RejectIn(Create):
    reason: str = Field(default="", max_length=500)


@router.post("/{ref}/approve", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def approve(
    ref: str,
    uow: UowDep,
    actor: CurrentActor,
    session: ReadSession,
    body: ApproveIn | None = None,
) -> DocumentRead:
    """Approve (the caller's step of a multi-step rule) and post at the last step (a draft is
    submitted first). Short lines are refused by name."""
    comment = body.comment if body else ""
    return _read(session, actor, dispatch.approve_document(ref, actor, uow, comment).number)


@router.post("/{ref}/reject", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def reject(
    ref: str,
    uow: UowDep,
    actor: CurrentActor,
    session: ReadSession,
    body: RejectIn | None = None,
) -> DocumentRead:
    """Send a submitted document back to draft, with the reason."""
    reason = body.reason if body else ""
    return _read(session, actor, dispatch.reject_document(ref, actor, uow, reason).number)


@router.post("/{ref}/unapprove", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def unapprove(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> DocumentRead:
    """反审核: reverse the postings and return to draft."""
    return _read(session, actor, dispatch.unapprove_document(ref, actor, uow).number)


class ReceivedLineIn(Create):
    line_no: int = Field(description="the transfer's line")
    qty: DecimalIn = Field(description="what arrived, in the line's unit (at most what was sent)")
    reason: str = Field(
        default="", max_length=200, description="why less arrived (短少, 破损 …): needed when short"
    )


class ReceiveIn(Create):
    date: dt.date | None = Field(
        default=None, description="default: today; not before the transfer, in an open period"
    )
    lines: list[ReceivedLineIn] = Field(
        default_factory=list,
        max_length=1000,
        description="lines that arrived short; a line not named arrived in full. The "
        "shortfall leaves transit as a loss at its share of the line's value",
    )


@router.post("/{ref}/receive", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def receive(
    ref: str,
    uow: UowDep,
    actor: CurrentActor,
    session: ReadSession,
    body: ReceiveIn | None = None,
) -> DocumentRead:
    """Receive a two-step transfer in its target warehouse (在途 → 已审核), in full or short."""
    lines = [transit.ReceivedLine(x.line_no, x.qty, x.reason) for x in body.lines] if body else []
    doc = transit.receive_transfer(ref, actor, uow, body.date if body else None, lines)
    return _read(session, actor, doc.number)


class RedReverseIn(Create):
    date: dt.date | None = Field(
        default=None, description="default: today; must be in an open period"
    )


@router.post("/{ref}/red-reverse", response_model=DocumentRead, status_code=201)
@replies.created(Document, "/documents/{new.number}")
def red_reverse(
    ref: str,
    uow: UowDep,
    actor: CurrentActor,
    session: ReadSession,
    body: RedReverseIn | None = None,
) -> DocumentRead:
    """红冲: post a red-letter document negating this one (for closed periods); returns it."""
    red = dispatch.red_reverse_document(ref, actor, uow, body.date if body else None)
    return _read(session, actor, red.number)


@router.post("/{ref}/void", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def void(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> DocumentRead:
    """作废 a document that was never posted."""
    return _read(session, actor, dispatch.void_document(ref, actor, uow).number)


class PickLineIn(Create):
    product: str = Field(max_length=32, description="code")
    qty: DecimalIn = Field(description="picked, in the product's base unit")
    batch: str = Field(default="", max_length=64)


class PickIn(Create):
    lines: list[PickLineIn] = Field(max_length=2000)
    pick_version: str | None = Field(
        default=None,
        max_length=64,
        description="the delivery's `pick_version` as read: refused (409 `document_changed`) "
        "if it changed since",
    )


@router.post("/{ref}/pick", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def pick(
    ref: str, body: PickIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> DocumentRead:
    """拣货: a draft sales delivery's lines become what was picked (short lines lowered, lines
    not picked left out, one line per batch keeping its order line and price)."""
    scans = [Scan(line.product, line.qty, line.batch) for line in body.lines]
    doc = pick_delivery(ref, scans, body.pick_version, actor, uow)
    return _read(session, actor, doc.number)


class TraceNode(BaseModel):
    id: int
    number: str
    type: str
    status: str
    date: dt.date
    partner: str | None


class TracePayment(BaseModel):
    number: str
    type: str
    date: dt.date
    document: str
    amount: MoneyOut


class TraceRead(BaseModel):
    document: TraceNode
    upstream: list[TraceNode]
    downstream: list[TraceNode]
    payments: list[TracePayment]


@router.get("/{ref}/trace", response_model=TraceRead)
def trace(ref: str, session: ReadSession, actor: CurrentActor) -> TraceRead:
    """单据追溯: the chain upstream and downstream, and the money settled against it."""
    return TraceRead.model_validate(trace_queries.trace(session, actor, ref))


@router.post("/{ref}/close", response_model=DocumentRead)
@replies.resource("/documents/{ref}")
def close(ref: str, uow: UowDep, actor: CurrentActor, session: ReadSession) -> DocumentRead:
    """已关闭: close an order's open remainder by hand."""
    return _read(session, actor, trade_approval.close_order(ref, actor, uow).number)


def _id_of(session: ReadSession, entity: str, ref: str | None) -> int | None:
    return None if ref is None else id_of(session, entity, ref)
