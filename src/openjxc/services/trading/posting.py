"""What approving a trading document writes: stock moves and the partner ledger entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.inventory.stream import ValueBasis
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading import flow
from openjxc.domain.trading.orders import follow
from openjxc.domain.trading.tax import share
from openjxc.services.inventory.documents import require_no_dependants
from openjxc.services.inventory.ledger import NewMove
from openjxc.services.inventory.moves import document_moves
from openjxc.services.trading import quantities
from openjxc.services.trading.partner_ledger import settle_entry
from openjxc.services.trading.ports import NewEntry, StoredEntry
from openjxc.services.unit_of_work import UnitOfWork


def price_returns(doc: Document, uow: UnitOfWork) -> None:
    """A return against a receipt/delivery goes at the value that line moved with."""
    if doc.type not in flow.RETURNS:
        return
    ids = [ln.source_line_id for ln in doc.active_lines if ln.source_line_id is not None]
    values = uow.documents.posted_line_values(ids)
    for line in doc.active_lines:
        if line.source_line_id is None:
            line.amount = None  # standalone: at the stream's current cost
            continue
        qty, value = values.get(line.source_line_id, (ZERO, ZERO))
        line.amount = share(abs(value), line.base_qty, qty)
        line.unit_cost = None


def trade_moves(doc: Document, uow: UnitOfWork) -> list[NewMove]:
    """The stock moves of ``doc``; a purchase return leaves at the value it came in with."""
    if doc.type in flow.ORDERS:
        return []
    moves = document_moves(doc, uow)
    if doc.type is not DocumentType.PURCHASE_RETURN:
        return moves
    lines = {ln.id: ln for ln in doc.active_lines}
    result = []
    for move in moves:
        line = lines[move.line_id]
        if line.amount is None:
            result.append(move)
            continue
        value = share(line.amount, -move.qty, line.base_qty)
        result.append(replace(move, basis=ValueBasis.GIVEN, value=-value))
    return result


def total(doc: Document) -> Decimal:
    """价税合计 of the document."""
    return doc.total


def post_entry(doc: Document, uow: UnitOfWork, user_id: int | None) -> None:
    """Post the document's AR/AP entry; a return's credit settles against its sources."""
    if doc.type not in flow.ENTRIES or doc.partner_id is None:
        return
    account, sign, source = flow.ENTRIES[doc.type]
    partner = uow.partners.get(doc.partner_id)
    assert partner is not None and doc.id is not None
    if sign > 0:
        doc.due_date = doc.date + timedelta(days=partner.payment_terms_days)
    uow.partner_ledger.lock(doc.partner_id, account)
    amount = sign * total(doc)
    entry_id = uow.partner_ledger.post(
        NewEntry(
            doc.partner_id,
            account,
            doc.date,
            amount,
            source,
            doc.number,
            due_date=doc.due_date,
            document_id=doc.id,
            created_by=user_id,
            organisation_id=doc.organisation_id,
        )
    )
    if sign < 0 and amount != ZERO:
        credit = StoredEntry(
            entry_id, doc.partner_id, account, doc.date, amount, doc.number, source
        )
        _settle_with_sources(doc, credit, uow, user_id)


def _settle_with_sources(
    doc: Document, credit: StoredEntry, uow: UnitOfWork, user_id: int | None
) -> None:
    """A return is first a credit against what it returns (红字冲减): settle it there."""
    sources = {s.number for s in source_documents(doc, uow)}
    if not sources:
        return
    charges = uow.partner_ledger.open_items(credit.partner_id, credit.account, credits=False)
    left = -credit.amount
    chosen: dict[str, Decimal] = {}
    for charge in charges:
        if charge.number in sources and left > ZERO:
            chosen[charge.number] = min(charge.open, left)
            left -= chosen[charge.number]
    if chosen:
        settle_entry(uow, credit, chosen, user_id)


def source_documents(doc: Document, uow: UnitOfWork) -> list[Document]:
    """The documents ``doc``'s lines name as their source, in id order."""
    ids = [ln.source_line_id for ln in doc.active_lines if ln.source_line_id is not None]
    found = {}
    for document_id in sorted(set(uow.trade_lines.documents_of(ids).values())):
        source = uow.documents.get(document_id)
        assert source is not None
        found[document_id] = source
    return list(found.values())


def affected_orders(doc: Document, uow: UnitOfWork) -> list[Document]:
    """The order itself, or the orders a receipt or delivery fills (returns fill none)."""
    if doc.type in flow.ORDERS:
        return [doc]
    if doc.type in flow.RETURNS:
        return []
    return [o for o in source_documents(doc, uow) if o.type in flow.ORDERS]


def follow_orders(orders: list[Document], uow: UnitOfWork) -> None:
    """The orders take the status their lines' quantities give them."""
    uow.flush()
    for order in orders:
        follow(order, quantities.done(uow, order))


def require_no_later_documents(uow: UnitOfWork, doc: Document) -> None:
    """Refuse to undo ``doc`` while a posted document depends on it: moves that take from its
    stock, or approved lines that name its lines (a return against a delivery)."""
    require_no_dependants(uow, doc)
    dependants = uow.trade_lines.dependants(doc.id or 0)
    if dependants:
        raise ValidationError(
            "document_has_dependants", number=doc.number, dependants=", ".join(dependants)
        )
