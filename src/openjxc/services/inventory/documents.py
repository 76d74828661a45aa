"""Stock documents (期初, 其他出入库, 调拨, 报损/报溢): create and edit drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.product import Product, Tracking
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import RULES, TRADE_TYPES, Direction, DocumentType, Reason
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.limits import MAX_LINES
from openjxc.domain.shared.numbers import money, price, quantity, round_money
from openjxc.services import lookup
from openjxc.services.audit import snapshot
from openjxc.services.inventory.loans import attach_return, check_loan, is_loan_return
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_open, require_postable
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import document_warehouse


@dataclass(frozen=True)
class LineInput:
    product: str | int
    qty: object
    unit: str | None = None
    unit_cost: object | None = None
    amount: object | None = None
    batch: str | None = None
    production_date: dt.date | None = None
    expiry: dt.date | None = None
    reason: str | None = None
    remarks: str = ""
    counted_qty: object | None = None


@dataclass(frozen=True)
class DocumentInput:
    type: str
    date: dt.date
    warehouse: str | int
    lines: Sequence[LineInput] = field(default_factory=tuple)
    to_warehouse: str | int | None = None
    partner: str | int | None = None
    reason: str | None = None
    remarks: str = ""
    two_step: bool = False
    expected_return_date: dt.date | None = None
    source_document: str | int | None = None


@retry_transient
def create_document(data: DocumentInput, actor: Actor, uow: UnitOfWork) -> Document:
    """Create a draft with its number."""
    with uow:
        doc = add_draft(uow, data, actor)
        uow.commit()
    return doc


def update_document(ref: str | int, data: DocumentInput, actor: Actor, uow: UnitOfWork) -> Document:
    """Replace a draft's header and lines (type and number stay)."""
    with uow:
        doc = revise_draft(uow, ref, data, actor)
        uow.commit()
    return doc


def add_draft(uow: UnitOfWork, data: DocumentInput, actor: Actor) -> Document:
    """:func:`create_document` inside an open unit of work (the caller commits)."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    kind = _type(data.type)
    require_postable(uow, data.date)
    warehouse = document_warehouse(uow, data.warehouse, "warehouse", actor)
    number = next_number(uow, kind, data.date)
    doc = Document(
        kind,
        number,
        data.date,
        warehouse.organisation_id,
        warehouse.id or 0,
        created_by=actor.user_id,
    )
    _apply(doc, data, uow, actor)
    uow.documents.add(doc)
    uow.flush()
    uow.audit.record(actor, "document.create", "document", doc.number, after=_summary(doc))
    return doc


def revise_draft(uow: UnitOfWork, ref: str | int, data: DocumentInput, actor: Actor) -> Document:
    """:func:`update_document` inside an open unit of work (the caller commits)."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    doc = find_document(uow, ref, actor, lock=True)
    doc.require_editable()
    if _type(data.type) is not doc.type:
        raise ValidationError("field_not_editable", field="type")
    require_open(uow, doc.date)
    require_postable(uow, data.date)
    before = _summary(doc)
    warehouse = document_warehouse(uow, data.warehouse, "warehouse", actor)
    doc.date, doc.warehouse_id, doc.organisation_id = (
        data.date,
        warehouse.id or 0,
        warehouse.organisation_id,
    )
    _apply(doc, data, uow, actor)
    uow.audit.record(
        actor, "document.update", "document", doc.number, before=before, after=_summary(doc)
    )
    return doc


def current_input(doc: Document) -> DocumentInput:
    """The draft as it stands, in the shape a full edit gives it: what a partial edit
    overlays the fields it names on."""
    cost_given = RULES[doc.type].cost_given
    return DocumentInput(
        type=doc.type.value,
        date=doc.date,
        warehouse=doc.warehouse_id,
        lines=[
            LineInput(
                product=line.product_id,
                qty=line.qty,
                unit=line.unit,
                unit_cost=line.unit_cost,
                # a line entered at its value keeps it; one at a unit cost recomputes it
                amount=line.amount if cost_given and line.unit_cost is None else None,
                batch=line.batch_no,
                production_date=line.production_date,
                expiry=line.expiry_date,
                reason=line.reason,
                remarks=line.remarks,
            )
            for line in doc.active_lines
        ],
        to_warehouse=doc.to_warehouse_id,
        partner=doc.partner_id,
        reason=doc.reason,
        remarks=doc.remarks,
        two_step=doc.two_step,
        expected_return_date=doc.expected_return_date,
        source_document=doc.source_document_id,
    )


def require_no_dependants(uow: UnitOfWork, doc: Document) -> None:
    """Refuse to undo a document that a posted document names as its source."""
    dependants = uow.documents.posted_dependants(doc.id or 0)
    if dependants:
        raise ValidationError(
            "document_has_dependants", number=doc.number, dependants=", ".join(dependants)
        )


def get_document(uow: UnitOfWork, ref: str | int, lock: bool = False) -> Document:
    """The document by number or id; ``lock``: its row locked (concurrent changes wait)."""
    doc = uow.documents.by_number(str(ref), lock=lock) if isinstance(ref, str) else None
    if doc is None and (id := lookup.as_id(ref)) is not None:
        doc = uow.documents.lock_by(id=id) if lock else uow.documents.get(id)
    if doc is None:
        raise NotFound("document", ref)
    return doc


def find_document(uow: UnitOfWork, ref: str | int, actor: Actor, lock: bool = False) -> Document:
    """The document ``ref`` if the caller may see it (``Actor.sees_document``), else not
    found, exactly as a direct GET answers: every document a request names — to act on, to
    copy from, to return against, to settle — is resolved here, so none reveals or changes
    what lies outside the caller's scope."""
    doc = get_document(uow, ref, lock=lock)
    if not actor.sees_document(doc):
        raise NotFound("document", ref)
    return doc


def _apply(doc: Document, data: DocumentInput, uow: UnitOfWork, actor: Actor) -> None:
    rule = RULES[doc.type]
    doc.remarks = text.optional_text(data.remarks, "remarks", 500)
    doc.reason = _reason(data.reason, "reason")
    doc.expected_return_date = data.expected_return_date
    doc.to_warehouse_id = None
    doc.two_step = False
    if rule.direction is Direction.TRANSFER:
        _set_destination(doc, data, uow, actor)
    check_loan(doc)
    doc.partner_id = None
    if data.partner is not None:
        doc.partner_id = lookup.resolve(uow.partners, data.partner, "partner").id
    doc.source_document_id = None
    if data.source_document is not None:
        doc.source_document_id = find_document(uow, data.source_document, actor).id
    if doc.type is DocumentType.STOCKTAKE:
        raise ValidationError("use_stocktake_endpoint", field="type")
    if doc.type in TRADE_TYPES:
        raise ValidationError("use_trade_service", number=doc.number)
    lines = _lines(data, doc, uow)
    if is_loan_return(doc):
        attach_return(doc, lines, uow)
    history = uow.ledger.lines_with_moves([ln.id for ln in doc.lines if ln.id is not None])
    doc.replace_lines(lines, history)


def _set_destination(doc: Document, data: DocumentInput, uow: UnitOfWork, actor: Actor) -> None:
    """A transfer's receiving warehouse (another one than it leaves) and its two-step flag."""
    if data.to_warehouse is None:
        raise ValidationError("required", field="to_warehouse")
    target = document_warehouse(uow, data.to_warehouse, "to_warehouse", actor)
    if target.id == doc.warehouse_id:
        raise ValidationError("same_warehouse", field="to_warehouse")
    doc.to_warehouse_id = target.id
    doc.two_step = data.two_step


def _lines(data: DocumentInput, doc: Document, uow: UnitOfWork) -> list[DocumentLine]:
    """Every line checked; all the bad ones are refused together, each by its number."""
    if not data.lines:
        raise ValidationError("document_has_no_lines", number=doc.number)
    if len(data.lines) > MAX_LINES:
        raise ValidationError("too_many_lines", max_lines=MAX_LINES)
    errors: list[dict[str, object]] = []
    lines: list[DocumentLine] = []
    for no, line in enumerate(data.lines, start=1):
        try:
            lines.append(_line(no, line, doc, uow))
        except ValidationError as error:
            errors.append({"line_no": no, "code": error.code, **error.params})
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))
    return lines


def _line(no: int, data: LineInput, doc: Document, uow: UnitOfWork) -> DocumentLine:
    product: Product = lookup.resolve(uow.products, data.product, "product")
    return line_of(no, data, product, doc.type)


def line_of(no: int, data: LineInput, product: Product, kind: DocumentType) -> DocumentLine:
    """A line of a ``kind`` document for ``product`` (resolved), every line rule checked:
    what a draft's lines and an import of lines (期初) both go through."""
    if not product.active:
        raise ValidationError("inactive", field="product", value=product.code)
    unit = data.unit or product.base_unit
    factor = product.factor_of(unit)
    base_qty = product.to_base(data.qty, unit)
    if base_qty <= 0:
        raise ValidationError("not_positive", field="qty")
    line = DocumentLine(no, product.id or 0, unit, quantity(data.qty), factor, base_qty)
    line.reason = _reason(data.reason, "reason")
    line.remarks = text.optional_text(data.remarks, "remarks", 200)
    if RULES[kind].cost_given:
        _set_cost(line, data, kind)
    if product.tracking is Tracking.BATCH:
        _set_batch(line, data, kind, product)
    elif data.batch:
        raise ValidationError("product_not_batch_tracked", field="batch", product=product.code)
    line.check_size()
    return line


def _set_cost(line: DocumentLine, data: LineInput, kind: DocumentType) -> None:
    """The cost a line that brings its own (期初, 其他入库 …) is entered at: amount or unit cost."""
    if data.amount is not None:
        line.amount = money(data.amount, "amount")
        line.unit_cost = None
    elif data.unit_cost is not None:
        line.unit_cost = price(data.unit_cost, "unit_cost")
        line.amount = round_money(line.qty * line.unit_cost)
    elif kind is DocumentType.OPENING_STOCK:
        raise ValidationError("required", field="unit_cost")
    if line.amount is not None and line.amount < 0:
        raise ValidationError("negative", field="amount")


def _set_batch(line: DocumentLine, data: LineInput, kind: DocumentType, product: Product) -> None:
    """Batch and dates of a batch-tracked line; inbound lines need a batch and get their expiry
    from the production date and shelf life when none is given."""
    line.batch_no = text.optional_text(data.batch, "batch", 64) or None
    line.production_date, line.expiry_date = data.production_date, data.expiry
    inbound = RULES[kind].direction is Direction.IN
    if inbound and not line.batch_no:
        raise ValidationError("batch_required", field="batch", product=product.code)
    if inbound and line.expiry_date is None and product.shelf_life_days and line.production_date:
        line.expiry_date = line.production_date + timedelta(days=product.shelf_life_days)


def _type(value: str) -> DocumentType:
    try:
        return DocumentType(value)
    except ValueError:
        raise ValidationError("invalid_choice", field="type", value=str(value)) from None


def _reason(value: str | None, field_name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return Reason(value).value
    except ValueError:
        raise ValidationError("invalid_choice", field=field_name, value=str(value)) from None


def _summary(doc: Document) -> dict[str, object]:
    data = snapshot(doc)
    data["lines"] = [snapshot(line) for line in doc.lines]
    return data
