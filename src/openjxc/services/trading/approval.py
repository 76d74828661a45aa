"""Submit, approve (post), 反审核, reject, void and close trading documents."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.approval_rules import Condition
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading import flow
from openjxc.services.approvals import reject_step, restart, take_step
from openjxc.services.inventory.documents import find_document
from openjxc.services.inventory.moves import live_moves, reversal_moves, shortage_detail
from openjxc.services.inventory.periods import require_open, require_postable
from openjxc.services.inventory.posting import post_moves
from openjxc.services.retry import retry_transient
from openjxc.services.trading import quantities
from openjxc.services.trading.conditions import authorised, enter_approval
from openjxc.services.trading.credit import check_credit
from openjxc.services.trading.partner_ledger import reverse_entries, undo_settlements
from openjxc.services.trading.posting import (
    affected_orders,
    follow_orders,
    post_entry,
    price_returns,
    require_no_later_documents,
    source_documents,
    trade_moves,
)
from openjxc.services.trading.prices import check_minimum_prices
from openjxc.services.trading.red_reversal import post_red_trade_letter
from openjxc.services.trading.reserving import demand, rebalance, require_unreserved
from openjxc.services.unit_of_work import UnitOfWork


@retry_transient
def submit_trade_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """Send a trading draft for approval (待审核)."""
    with uow:
        doc = submit_trade(uow, ref, actor)
        uow.commit()
    return doc


@retry_transient
def approve_trade_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, comment: str = ""
) -> Document:
    """Approve (one step of its rule) and, at the last step, post: stock moves, the AR/AP
    entry, the orders' progress — or nothing."""
    with uow:
        doc = approve_trade(uow, ref, actor, comment)
        uow.commit()
    return doc


def submit_trade(uow: UnitOfWork, ref: str | int, actor: Actor) -> Document:
    """:func:`submit_trade_document` inside an open unit of work (the caller commits)."""
    doc = _locked(uow, ref, actor, approve=False)
    enter_approval(uow, doc)  # a rule for what it finds lets it through, to that rule's steps
    if doc.type is DocumentType.SALES_ORDER and not authorised(uow, doc, Condition.CREDIT_OVERRIDE):
        check_credit(uow, doc, actor)
    if not doc.red_letter and not authorised(uow, doc, Condition.BELOW_MIN_PRICE):
        check_minimum_prices(uow, doc, actor)  # a red letter takes a sale back
    doc.submit(actor.user_id, clock.now())
    uow.audit.record(actor, "document.submit", "document", doc.number)
    return doc


def approve_trade(uow: UnitOfWork, ref: str | int, actor: Actor, comment: str = "") -> Document:
    """:func:`approve_trade_document` inside an open unit of work (the caller commits)."""
    doc = _locked(uow, ref, actor, approve=True)
    require_postable(uow, doc.date)
    enter_approval(uow, doc)
    if not take_step(uow, doc, actor, comment):
        return doc  # a step taken; the next approver follows
    if doc.red_letter:  # a 红冲 that waited for its steps
        post_red_trade_letter(uow, doc, actor.user_id)
        doc.approve(actor.user_id, clock.now())
        uow.audit.record(actor, "document.approve", "document", doc.number)
        return doc
    sources = source_documents(doc, uow)
    for source in sources:
        uow.documents.lock(source)  # concurrent receipts against one order serialise
    orders = affected_orders(doc, uow)
    before = demand(uow, orders)
    if doc.type is DocumentType.SALES_ORDER:
        check_credit(uow, doc, actor, authorised(uow, doc, Condition.CREDIT_OVERRIDE))
    check_minimum_prices(uow, doc, actor, authorised(uow, doc, Condition.BELOW_MIN_PRICE))
    doc.approve(actor.user_id, clock.now())
    by_line = {ln.id: s for s in sources for ln in s.active_lines if ln.id is not None}
    quantities.check(uow, doc, doc.active_lines, by_line)
    price_returns(doc, uow)
    moves = trade_moves(doc, uow)
    if moves:
        post_moves(uow.ledger, moves, shortage_detail(doc, uow))
    post_entry(doc, uow, actor.user_id)
    follow_orders(orders, uow)
    rebalance(uow, orders, before)
    require_unreserved(uow, doc)
    uow.audit.record(actor, "document.approve", "document", doc.number)
    return doc


@retry_transient
def unapprove_trade_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """反审核: refused while a later document depends on it or its AR/AP is settled."""
    with uow:
        doc = _locked(uow, ref, actor, approve=True)
        if doc.status is not Status.APPROVED:
            raise ValidationError("invalid_transition", action="unapprove", status=doc.status.value)
        require_open(uow, doc.date)
        orders = affected_orders(doc, uow)
        before = demand(uow, orders)
        require_no_later_documents(uow, doc)
        entries = uow.partner_ledger.live_entries(document_id=doc.id)
        for entry in entries:
            uow.partner_ledger.lock(entry.partner_id, entry.account)
            if doc.type in flow.RETURNS:
                undo_settlements(uow, entry, actor.user_id)  # its own 红字冲减, taken back
        reverse_entries(uow, entries, actor.user_id)
        live = live_moves(uow.ledger, doc.id or 0)
        if live:
            post_moves(uow.ledger, reversal_moves(doc, live), shortage_detail(doc, uow))
        doc.unapprove()
        doc.due_date = None
        restart(doc)
        follow_orders(orders, uow)
        rebalance(uow, orders, before)
        uow.audit.record(actor, "document.unapprove", "document", doc.number)
        uow.commit()
    return doc


@retry_transient
def reject_trade_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, reason: str = ""
) -> Document:
    """Send a submitted trading document back to draft, with the reason."""
    with uow:
        doc = _locked(uow, ref, actor, approve=True)
        reject_step(uow, doc, actor, reason)
        uow.audit.record(actor, "document.reject", "document", doc.number, after={"reason": reason})
        uow.commit()
    return doc


@retry_transient
def void_trade_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """作废 a trading document that was never approved."""
    with uow:
        doc = _locked(uow, ref, actor, approve=False)
        doc.void()
        uow.audit.record(actor, "document.void", "document", doc.number)
        uow.commit()
    return doc


@retry_transient
def close_order(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """已关闭: the open remainder of an order will not be received or delivered."""
    with uow:
        doc = _locked(uow, ref, actor, approve=True)
        if doc.type not in flow.ORDERS:
            raise ValidationError("not_an_order", number=doc.number)
        before = demand(uow, [doc])
        doc.close()
        rebalance(uow, [doc], before)
        uow.audit.record(actor, "document.close", "document", doc.number)
        uow.commit()
    return doc


def _locked(uow: UnitOfWork, ref: str | int, actor: Actor, approve: bool) -> Document:
    doc = find_document(uow, ref, actor, lock=True)  # out of scope or 仅本人单据: not found
    if doc.type not in flow.PURCHASING | flow.SALES:
        raise ValidationError("not_a_trade_document", number=doc.number)
    if approve:
        actor.require(flow.approve_permission(doc.type))
    else:
        flow.require_write(actor, doc.type)
    return doc
