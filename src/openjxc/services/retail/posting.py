"""Post one retail transaction: a 零售单 or 零售退货, approved as it is recorded.

It is a document of the one ledger. Its lines are priced by the sales rules (tax-included
零售价, line discount, tax per line, 整单折扣 and 抹零 shared out like 整单优惠:
``services/trading/amounts``); stock leaves at cost like a delivery, and a return comes back
at the value its original line left with (``services/trading/posting.price_returns``). The
payments must pay the total (``domain/retail/payments``); the 挂账 part is a receivable on
the customer's account, the rest is money received, kept by method on the document for the
money ledger to come.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Product
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.retail.payments import CREDIT, DEFAULT_METHODS, Tender, check_rounding, settle
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.limits import MAX_LINES
from openjxc.domain.shared.numbers import ZERO, money, price, quantity
from openjxc.domain.trading.accounts import Account, EntrySource
from openjxc.services import lookup
from openjxc.services.inventory.moves import document_moves, shortage_detail
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_postable
from openjxc.services.inventory.posting import post_moves
from openjxc.services.retail.ports import PaymentLine, SaleRecord, Terminal
from openjxc.services.retail.transactions import RETURN, SALE, RetailInput, RetailLineInput
from openjxc.services.trading import quantities
from openjxc.services.trading.amounts import amounts_from_source, price_line, share_order_discount
from openjxc.services.trading.ports import NewEntry
from openjxc.services.trading.posting import price_returns
from openjxc.services.unit_of_work import UnitOfWork

#: setting: the payment methods a till offers (codes; domain/retail/payments)
METHODS_SETTING = "retail_payment_methods"


def payment_methods(uow: UnitOfWork) -> list[str]:
    """The payment methods in force (the setting, else the defaults)."""
    return list(uow.settings.get(METHODS_SETTING) or DEFAULT_METHODS)


def post_retail(uow: UnitOfWork, terminal: Terminal, data: RetailInput, actor: Actor) -> Document:
    """Post ``data`` from ``terminal`` inside an open unit of work (the caller commits); a
    rule it breaks raises, and the caller rolls back: nothing is written."""
    kind = {SALE: DocumentType.RETAIL_SALE, RETURN: DocumentType.RETAIL_RETURN}.get(data.kind)
    if kind is None:
        raise ValidationError("invalid_choice", field="kind", value=data.kind[:32])
    day = data.occurred_at.date()  # the till's own calendar day
    require_postable(uow, day)
    warehouse = uow.warehouses.get(terminal.warehouse_id)
    assert warehouse is not None
    if not warehouse.active:
        raise ValidationError("inactive", field="warehouse", value=warehouse.code)
    original = _original(uow, terminal, data) if kind is DocumentType.RETAIL_RETURN else None
    member = _customer(uow, data.member, "member")
    customer = _customer(uow, data.customer, "customer") or member
    if customer is None and original is not None and original.partner_id is not None:
        customer = uow.partners.get(original.partner_id)  # a refund to the sale's account
    doc = Document(
        kind,
        next_number(uow, kind.value, day),
        day,
        terminal.organisation_id,
        terminal.warehouse_id,
        partner_id=customer.id if customer else None,
        created_by=terminal.user_id,
        salesperson_id=_cashier(uow, data.cashier),
        remarks=text.optional_text(data.remarks, "remarks", 500),
    )
    lines = _lines(uow, data, original)
    discount, rounding = money(data.discount, "discount"), money(data.rounding, "rounding")
    check_rounding(rounding)
    if original is not None and (discount or rounding):
        raise ValidationError("not_on_return", field="discount")  # the original's terms apply
    share_order_discount(lines, discount + rounding)
    doc.order_discount = discount + rounding if discount or rounding else None
    doc.lines = lines
    doc.check_total()
    change = money(data.change, "change")
    tenders = [Tender(p.method, money(p.amount, "payments")) for p in data.payments]
    credit = settle(doc.total, tenders, change, payment_methods(uow))
    if credit and customer is None:
        raise ValidationError("customer_required", field="customer")
    uow.documents.add(doc)
    uow.flush()
    if original is not None:
        quantities.check(
            uow, doc, doc.active_lines, {ln.id or 0: original for ln in original.lines}
        )
        price_returns(doc, uow)  # back at the value the original line left with
    doc.approve(terminal.user_id, clock.now())
    post_moves(uow.ledger, document_moves(doc, uow), shortage_detail(doc, uow))
    if credit:
        assert customer is not None
        _post_credit(uow, doc, customer, credit)
    assert doc.id is not None
    uow.retail.record_sale(
        SaleRecord(
            doc.id,
            terminal.id,
            data.id,
            data.occurred_at,
            doc.salesperson_id,
            member.id if member else None,
            discount,
            rounding,
            change,
            original.id if original else None,
            tuple(
                PaymentLine(
                    t.method, t.amount, customer.id if t.method == CREDIT and customer else None
                )
                for t in tenders
            ),
        )
    )
    uow.audit.record(
        actor,
        "retail.post",
        "document",
        doc.number,
        after={"terminal": terminal.code, "id": data.id, "total": str(doc.total)},
    )
    return doc


def _customer(uow: UnitOfWork, ref: str | None, field: str) -> Partner | None:
    if not ref:
        return None
    partner: Partner = lookup.resolve(uow.partners, ref, field)
    if not partner.kind.is_customer:
        raise ValidationError(
            "wrong_partner_kind", field=field, value=partner.code, kind="customer"
        )
    return partner


def _cashier(uow: UnitOfWork, username: str | None) -> int | None:
    if not username:
        return None
    user = uow.users.by_username(username) if "\x00" not in username else None
    if user is None:
        raise ValidationError("unknown_reference", field="cashier", value=username[:64])
    return user.id


def _original(uow: UnitOfWork, terminal: Terminal, data: RetailInput) -> Document:
    """The receipt a return names: by the terminal's transaction id, else by its number (a
    receipt of the same store); one not posted (yet) is ``original_not_posted``."""
    if not data.original:
        raise ValidationError("required", field="original")
    number = uow.retail.posted(terminal.id, data.original) or data.original
    doc = uow.documents.by_number(number, lock=True) if "\x00" not in number else None
    if (
        doc is None
        or doc.type is not DocumentType.RETAIL_SALE
        or doc.organisation_id != terminal.organisation_id
        or not doc.is_posted
    ):
        raise ValidationError("original_not_posted", field="original", value=data.original[:64])
    return doc


def _lines(uow: UnitOfWork, data: RetailInput, original: Document | None) -> list[DocumentLine]:
    if not data.lines:
        raise ValidationError("document_has_no_lines", number=data.id[:64])
    if len(data.lines) > MAX_LINES:
        raise ValidationError("too_many_lines", max_lines=MAX_LINES)
    errors: list[dict[str, object]] = []
    lines: list[DocumentLine] = []
    for no, given in enumerate(data.lines, start=1):
        try:
            line = _line(uow, no, given, original)
            line.check_size()
            lines.append(line)
        except ValidationError as error:
            errors.append({"line_no": no, "code": error.code, **error.params})
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))
    return lines


def _line(
    uow: UnitOfWork, no: int, given: RetailLineInput, original: Document | None
) -> DocumentLine:
    product, unit = _product(uow, given.product)
    if not product.active:
        raise ValidationError("inactive", field="product", value=product.code)
    unit = given.unit or unit
    base_qty = product.to_base(given.qty, unit)
    if base_qty <= ZERO:
        raise ValidationError("not_positive", field="qty")
    line = DocumentLine(
        no, product.id or 0, unit, quantity(given.qty), product.factor_of(unit), base_qty
    )
    if original is None:
        entered = price(given.price, "price")
        price_line(line, entered, product.tax_rate, True, None, given.discount)
        return line
    source = next((ln for ln in original.active_lines if ln.line_no == given.original_line), None)
    if source is None:
        raise ValidationError(
            "unknown_reference", field="original_line", value=str(given.original_line)
        )
    if source.product_id != product.id:
        raise ValidationError("source_product_differs", field="product", value=product.code)
    line.source_line_id = source.id
    amounts_from_source(line, source)  # refunded what was paid for that share of the line
    return line


def _product(uow: UnitOfWork, ref: str) -> tuple[Product, str]:
    """The product a till names, by code or by a barcode (which names the unit too)."""
    found = lookup.find(uow.products, ref)
    if found is not None:
        return found, found.base_unit
    barcode = uow.barcodes.by_barcode(ref) if "\x00" not in ref else None
    if barcode is not None and barcode.product_id is not None:
        product = uow.products.get(barcode.product_id)
        if product is not None:
            return product, barcode.unit
    raise ValidationError("unknown_reference", field="product", value=ref[:64])


def _post_credit(uow: UnitOfWork, doc: Document, customer: Partner, credit: Decimal) -> None:
    """挂账: the part put on the customer's account is a receivable (a refund, a credit)."""
    assert customer.id is not None and doc.id is not None
    sale = doc.type is DocumentType.RETAIL_SALE
    due = doc.date + timedelta(days=customer.payment_terms_days) if sale else None
    doc.due_date = due
    uow.partner_ledger.lock(customer.id, Account.RECEIVABLE)
    uow.partner_ledger.post(
        NewEntry(
            customer.id,
            Account.RECEIVABLE,
            doc.date,
            credit if sale else -credit,
            EntrySource.RETAIL_SALE if sale else EntrySource.RETAIL_RETURN,
            doc.number,
            due_date=due,
            document_id=doc.id,
            created_by=doc.created_by,
            organisation_id=doc.organisation_id,
        )
    )
