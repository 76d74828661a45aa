"""Trading documents (采购订单/入库/退货, 销售订单/出库/退货): create and edit drafts.

A line may name its source line (a receipt line its order line, a return line the receipt
line it sends back); ``from_documents`` copies every open quantity of upstream documents in
one action. Prices are stored tax-exclusive; amounts and tax are computed per line.

A keeper who may only receive (``purchase.receive``) or pick (``sales.pick``) writes purchase
receipts or sales deliveries against order lines: quantities and batches, at the order's
terms. Editing a draft priced by purchasing (or sales) keeps each line's prices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Product, Tracking
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.limits import MAX_LINES
from openjxc.domain.shared.numbers import ZERO, money, price, quantity, round_price
from openjxc.domain.trading import flow
from openjxc.domain.trading.tax import parse_tax_rate, share
from openjxc.services import lookup
from openjxc.services.audit import snapshot
from openjxc.services.inventory.documents import find_document
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_open, require_postable
from openjxc.services.retry import retry_transient
from openjxc.services.trading import quantities
from openjxc.services.trading.amounts import (
    amounts_from_source,
    keeps_source_terms,
    price_line,
    share_order_discount,
)
from openjxc.services.trading.prices import offered_price
from openjxc.services.trading.salespeople import require_assignable
from openjxc.services.trading.settings import prices_include_tax
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import document_warehouse


@dataclass(frozen=True)
class TradeLineInput:
    product: str | int | None = None
    qty: object | None = None
    unit: str | None = None
    price: object | None = None  # tax-inclusive when the document's prices include tax
    tax_rate: object | None = None  # "13", "13%" or 0.13 (tax.parse_tax_rate)
    line_discount_rate: object | None = None  # 折扣率, the part taken off: 0.05 = 5% off
    line_discount: object | None = None  # 折扣额, in the price's terms (含税 if prices include tax)
    source_line: int | None = None
    batch: str | None = None
    production_date: dt.date | None = None
    expiry: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class TradeInput:
    type: str
    date: dt.date
    warehouse: str | int
    partner: str | int | None
    lines: Sequence[TradeLineInput] = field(default_factory=tuple)
    from_documents: Sequence[str | int] = field(default_factory=tuple)
    expected_date: dt.date | None = None
    remarks: str = ""
    tax_included: bool | None = None  # default: the company switch
    order_discount: object | None = None  # 整单优惠: off the grand total, shared out to lines
    salesperson: str | int | None = None  # 业务员 (username or id); default: the source's


@retry_transient
def create_trade_document(data: TradeInput, actor: Actor, uow: UnitOfWork) -> Document:
    """Create a trading draft with its number (lines copied from ``from_documents``)."""
    with uow:
        doc = add_trade_draft(uow, data, actor)
        uow.commit()
    return doc


@retry_transient
def update_trade_document(
    ref: str | int, data: TradeInput, actor: Actor, uow: UnitOfWork, *, keep_terms: bool = False
) -> Document:
    """Replace a trading draft's header and lines (type and number stay).

    ``keep_terms``: a line without terms of its own keeps those of the draft's line with the
    same source line, and the draft keeps its 整单优惠, as a keeper's edit does (picking).
    """
    with uow:
        doc = revise_trade_draft(uow, ref, data, actor, keep_terms=keep_terms)
        uow.commit()
    return doc


def add_trade_draft(uow: UnitOfWork, data: TradeInput, actor: Actor) -> Document:
    """:func:`create_trade_document` inside an open unit of work (the caller commits)."""
    kind = DocumentType(data.type)
    flow.require_write(actor, kind)
    require_postable(uow, data.date)
    warehouse = document_warehouse(uow, data.warehouse, "warehouse", actor)
    doc = Document(
        kind,
        next_number(uow, kind, data.date),
        data.date,
        warehouse.organisation_id,
        warehouse.id or 0,
        created_by=actor.user_id,
    )
    _apply(doc, _receivable(data, actor, kind), uow, actor)
    if data.salesperson not in (None, ""):  # one copied from the source document is kept
        require_assignable(uow, actor, doc, previous=None)
    uow.documents.add(doc)
    uow.flush()
    uow.audit.record(actor, "document.create", "document", doc.number, after=_summary(doc))
    return doc


def revise_trade_draft(
    uow: UnitOfWork, ref: str | int, data: TradeInput, actor: Actor, *, keep_terms: bool = False
) -> Document:
    """:func:`update_trade_document` inside an open unit of work (the caller commits)."""
    doc = find_document(uow, ref, actor, lock=True)  # out of scope or 仅本人单据: not found
    flow.require_write(actor, doc.type)
    doc.require_editable()
    if DocumentType(data.type) is not doc.type:
        raise ValidationError("field_not_editable", field="type")
    require_open(uow, doc.date)
    require_postable(uow, data.date)
    before, previous = _summary(doc), doc.salesperson_id
    warehouse = document_warehouse(uow, data.warehouse, "warehouse", actor)
    doc.date, doc.warehouse_id = data.date, warehouse.id or 0
    doc.organisation_id = warehouse.organisation_id
    # a keeper's edit keeps the prices purchasing gave the draft: its lines' and 整单优惠
    checked = _receivable(data, actor, doc.type)
    kept: dict[int | None, DocumentLine] = {}
    if keep_terms or flow.receives_only(actor, doc.type):
        kept = {ln.source_line_id: ln for ln in reversed(doc.lines)}
        checked = replace(checked, order_discount=doc.order_discount)
    _apply(doc, checked, uow, actor, kept)
    require_assignable(uow, actor, doc, previous)
    uow.audit.record(
        actor, "document.update", "document", doc.number, before=before, after=_summary(doc)
    )
    return doc


def current_input(doc: Document, actor: Actor) -> TradeInput:
    """The draft as it stands, in the shape a full edit gives it (prices stored ex tax, so
    ``tax_included`` is False): what a partial edit overlays the fields it names on. A keeper
    who only receives or picks gets no price terms, which ``revise_trade_draft`` keeps."""
    terms = not flow.receives_only(actor, doc.type)
    return TradeInput(
        type=doc.type.value,
        date=doc.date,
        warehouse=doc.warehouse_id,
        partner=doc.partner_id,
        lines=[_line_input(line, terms) for line in doc.active_lines],
        expected_date=doc.expected_date,
        remarks=doc.remarks,
        tax_included=False,
        order_discount=doc.order_discount if terms else None,
        salesperson=doc.salesperson_id,
    )


def _line_input(line: DocumentLine, terms: bool) -> TradeLineInput:
    by_rate = line.line_discount_rate is not None
    return TradeLineInput(
        product=line.product_id,
        qty=line.qty,
        unit=line.unit,
        price=line.price if terms else None,
        tax_rate=line.tax_rate if terms else None,
        line_discount_rate=line.line_discount_rate if terms else None,
        line_discount=line.line_discount if terms and not by_rate else None,
        source_line=line.source_line_id,
        batch=line.batch_no,
        production_date=line.production_date,
        expiry=line.expiry_date,
        remarks=line.remarks,
    )


def _receivable(data: TradeInput, actor: Actor, kind: DocumentType) -> TradeInput:
    """``data`` as a keeper may give it: every line against an order line and no price
    terms (refused line by line), else ``data`` itself."""
    if not flow.receives_only(actor, kind):
        return data
    if data.order_discount is not None:
        raise ValidationError("price_not_yours", field="order_discount")
    errors: list[dict[str, object]] = []
    for no, line in enumerate(data.lines, start=1):
        terms = (line.price, line.tax_rate, line.line_discount_rate, line.line_discount)
        if any(t is not None for t in terms):
            errors.append({"line_no": no, "code": "price_not_yours", "field": "price"})
        elif line.source_line is None:
            errors.append({"line_no": no, "code": "order_line_required", "field": "source_line"})
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))
    return replace(data, tax_included=False)


def _priced_by_purchasing(kept: DocumentLine | None, source: DocumentLine | None) -> bool:
    """Whether a draft's line carries terms of its own, not its order line's."""
    if kept is None or kept.price is None or source is None:
        return False
    from_source = round_price((source.price or ZERO) / source.factor * kept.factor)
    if (kept.price, kept.tax_rate, kept.line_discount_rate) != (
        from_source,
        source.tax_rate,
        source.line_discount_rate,
    ):
        return True
    source_share = share(source.line_discount or ZERO, kept.base_qty, source.base_qty)
    return kept.line_discount_rate is None and (kept.line_discount or ZERO) != source_share


def _apply(
    doc: Document,
    data: TradeInput,
    uow: UnitOfWork,
    actor: Actor,
    kept: dict[int | None, DocumentLine] | None = None,
) -> None:
    if data.partner is None:
        raise ValidationError("required", field="partner")
    partner: Partner = lookup.resolve(uow.partners, data.partner, "partner")
    purchasing = doc.type in flow.PURCHASING
    if not (partner.kind.is_supplier if purchasing else partner.kind.is_customer):
        raise ValidationError(
            "wrong_partner_kind",
            field="partner",
            value=partner.code,
            kind="supplier" if purchasing else "customer",
        )
    doc.partner_id = partner.id
    doc.salesperson_id = _salesperson(uow, data, actor)
    doc.remarks = text.optional_text(data.remarks, "remarks", 500)
    doc.expected_date = data.expected_date if doc.type in flow.ORDERS else None
    if doc.expected_date is not None and doc.expected_date < doc.date:
        raise ValidationError("expected_before_date", field="expected_date")
    inputs = [*_copied(doc, data.from_documents, uow, actor), *data.lines]
    if not inputs:
        raise ValidationError("document_has_no_lines", number=doc.number)
    if len(inputs) > MAX_LINES:
        raise ValidationError("too_many_lines", max_lines=MAX_LINES)
    included = prices_include_tax(uow) if data.tax_included is None else data.tax_included
    wanted = [i.source_line for i in inputs if i.source_line]
    sources = _source_lines(doc, wanted, uow, actor)
    errors: list[dict[str, object]] = []
    lines: list[DocumentLine] = []
    for no, line in enumerate(inputs, start=1):
        try:
            draft_line = (kept or {}).get(line.source_line)
            priced = _line(no, line, doc, partner, sources, included, uow, draft_line)
            priced.check_size()
            lines.append(priced)
        except ValidationError as error:
            errors.append({"line_no": no, "code": error.code, **error.params})
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))
    doc.order_discount = (
        None if data.order_discount is None else money(data.order_discount, "order_discount")
    )
    share_order_discount(lines, doc.order_discount or ZERO)
    if doc.type is DocumentType.PURCHASE_RECEIPT:
        for received in lines:  # stock comes in at what it costs, net of every discount, ex tax
            received.amount = received.net_amount
            received.unit_cost = round_price((received.net_amount or ZERO) / received.qty)
    quantities.check(uow, doc, lines, {k: v[0] for k, v in sources.items()})
    history = uow.ledger.lines_with_moves([ln.id for ln in doc.lines if ln.id is not None])
    doc.replace_lines(lines, history)
    doc.check_total()


def _salesperson(uow: UnitOfWork, data: TradeInput, actor: Actor) -> int | None:
    """The 业务员 named (an active user), else the first source document's, else none."""
    if data.salesperson is None or data.salesperson == "":
        for ref in data.from_documents:
            return find_document(uow, ref, actor).salesperson_id
        return None
    ref = data.salesperson
    user = uow.users.by_username(ref) if isinstance(ref, str) and "\x00" not in ref else None
    if user is None and (id := lookup.as_id(ref)) is not None:
        user = uow.users.get(id)
    if user is None:
        raise ValidationError("unknown_reference", field="salesperson", value=str(ref)[:64])
    if not user.active:
        raise ValidationError("inactive", field="salesperson", value=user.username)
    return user.id


def _copied(
    doc: Document, refs: Sequence[str | int], uow: UnitOfWork, actor: Actor
) -> list[TradeLineInput]:
    """One line per open quantity of each upstream document (in its entered unit if whole);
    a document out of the caller's scope is not found."""
    copied: list[TradeLineInput] = []
    for ref in refs:
        source = find_document(uow, ref, actor)
        for line, left in quantities.open_lines(uow, source, doc):
            whole = (left / line.factor) == (left / line.factor).to_integral_value()
            copied.append(
                TradeLineInput(
                    qty=left / line.factor if whole else left,
                    unit=line.unit if whole else None,
                    source_line=line.id,
                    batch=line.batch_no,
                    production_date=line.production_date,
                    expiry=line.expiry_date,
                )
            )
    return copied


def _source_lines(
    doc: Document, line_ids: list[int], uow: UnitOfWork, actor: Actor
) -> dict[int, tuple[Document, DocumentLine]]:
    """The source lines named, checked: of a document the caller sees (a line of any other
    is unknown, as one that does not exist), right upstream type, same partner, approved,
    not dated after this document."""
    wanted = flow.UPSTREAM.get(doc.type)
    found: dict[int, tuple[Document, DocumentLine]] = {}
    if not line_ids:
        return found
    if wanted is None:
        raise ValidationError("no_source_for_type", field="source_line", type=doc.type.value)
    for line_id, document_id in uow.trade_lines.documents_of(line_ids).items():
        source = uow.documents.get(document_id)
        assert source is not None
        if not actor.sees_document(source):  # out of scope: left out, so unknown below
            continue
        if source.type is not wanted or source.partner_id != doc.partner_id:
            raise ValidationError("wrong_source", field="source_line", value=source.number)
        if doc.date < source.date:  # goods cannot come back before they left
            raise ValidationError(
                "dated_before_source",
                field="date",
                value=source.number,
                date=doc.date.isoformat(),
                source_date=source.date.isoformat(),
            )
        line = next(ln for ln in source.lines if ln.id == line_id)
        found[line_id] = (source, line)
    missing = set(line_ids) - set(found)
    if missing:
        raise ValidationError("unknown_reference", field="source_line", value=str(min(missing)))
    return found


def _line(
    no: int,
    data: TradeLineInput,
    doc: Document,
    partner: Partner,
    sources: dict[int, tuple[Document, DocumentLine]],
    tax_included: bool,
    uow: UnitOfWork,
    kept: DocumentLine | None = None,
) -> DocumentLine:
    source = sources[data.source_line][1] if data.source_line else None
    ref = data.product if data.product is not None else (source.product_id if source else None)
    if ref is None:
        raise ValidationError("required", field="product")
    product: Product = lookup.resolve(uow.products, ref, "product")
    if source is not None and source.product_id != product.id:
        raise ValidationError("source_product_differs", field="product", value=product.code)
    if not product.active:
        raise ValidationError("inactive", field="product", value=product.code)
    if data.qty is None:
        raise ValidationError("required", field="qty")
    unit = data.unit or (source.unit if source else product.base_unit)
    base_qty = product.to_base(data.qty, unit)
    if base_qty <= ZERO:
        raise ValidationError("not_positive", field="qty")
    line = DocumentLine(
        no, product.id or 0, unit, quantity(data.qty), product.factor_of(unit), base_qty
    )
    line.source_line_id = source.id if source else None
    line.remarks = text.optional_text(data.remarks, "remarks", 200)
    tax_rate = _tax_rate(data, source, partner, product)
    own_terms = data.price is not None or data.line_discount is not None
    own_terms = own_terms or data.line_discount_rate is not None or data.tax_rate is not None
    if not own_terms and _priced_by_purchasing(kept, source):
        assert kept is not None and kept.price is not None
        off = None
        if kept.line_discount_rate is None and kept.line_discount:
            off = share(kept.line_discount, line.base_qty, kept.base_qty)
        entered = round_price(kept.price / kept.factor * line.factor)
        price_line(line, entered, kept.tax_rate or ZERO, False, kept.line_discount_rate, off)
        _batch(line, data, source, product, doc)
        return line
    if source is not None and keeps_source_terms(source, own_terms):
        amounts_from_source(line, source)
        _batch(line, data, source, product, doc)
        return line
    off_rate = data.line_discount_rate
    if data.price is not None:
        entered, included = price(data.price, "price"), tax_included
    elif source is not None and source.price is not None:
        # the source's tax-exclusive price, per the source's unit, converted to this unit
        entered, included = round_price(source.price / source.factor * line.factor), False
        if off_rate is None and data.line_discount is None:
            off_rate = source.line_discount_rate
    else:
        # the default price on the document's basis, as the editor offers it (含税 or not)
        offered = offered_price(
            uow, doc.type, partner, product, line.factor, tax_rate, tax_included
        )
        if offered is None:
            raise ValidationError("required", field="price")
        entered, included = offered, tax_included
    price_line(line, entered, tax_rate, included, off_rate, data.line_discount)
    _batch(line, data, source, product, doc)
    return line


def _tax_rate(
    data: TradeLineInput, source: DocumentLine | None, partner: Partner, product: Product
) -> Decimal:
    if data.tax_rate is not None:
        value = parse_tax_rate(data.tax_rate)
    elif source is not None and source.tax_rate is not None:
        value = source.tax_rate
    else:
        value = partner.tax_rate if partner.tax_rate is not None else product.tax_rate
    if not ZERO <= value < 1:
        raise ValidationError("out_of_range", field="tax_rate", minimum="0", maximum="0.9999")
    return value


def _batch(
    line: DocumentLine,
    data: TradeLineInput,
    source: DocumentLine | None,
    product: Product,
    doc: Document,
) -> None:
    if product.tracking is not Tracking.BATCH:
        if data.batch:
            raise ValidationError("product_not_batch_tracked", field="batch", product=product.code)
        return
    line.batch_no = text.optional_text(data.batch, "batch", 64) or (
        source.batch_no if source else None
    )
    line.production_date = data.production_date or (source.production_date if source else None)
    line.expiry_date = data.expiry or (source.expiry_date if source else None)
    inbound = doc.type in (DocumentType.PURCHASE_RECEIPT, DocumentType.SALES_RETURN)
    if inbound and not line.batch_no:
        raise ValidationError("batch_required", field="batch", product=product.code)
    if inbound and line.expiry_date is None and product.shelf_life_days and line.production_date:
        line.expiry_date = line.production_date + dt.timedelta(days=product.shelf_life_days)


def _summary(doc: Document) -> dict[str, object]:
    data = snapshot(doc)
    data["lines"] = [snapshot(line) for line in doc.lines]
    return data
