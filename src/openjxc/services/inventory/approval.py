"""Submit, approve (post), 反审核 (unapprove), void: a stock document's life.

Approval follows the document type's steps (services/approvals): a rule's, or by default two
different approvers for write-offs and overages; posting happens at the last step.
"""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import TRADE_TYPES
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.approvals import reject_step, restart, take_step
from openjxc.services.inventory.documents import find_document, require_no_dependants
from openjxc.services.inventory.loans import check_still_out
from openjxc.services.inventory.moves import (
    document_moves,
    live_moves,
    reversal_moves,
    shortage_detail,
)
from openjxc.services.inventory.periods import require_open, require_postable
from openjxc.services.inventory.posting import post_moves
from openjxc.services.inventory.reversal import post_red_letter
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork


@retry_transient
def submit_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """Send a draft for approval (待审核)."""
    with uow:
        doc = submit_stock(uow, ref, actor)
        uow.commit()
    return doc


@retry_transient
def approve_document(ref: str | int, actor: Actor, uow: UnitOfWork, comment: str = "") -> Document:
    """Approve (one step of its rule) and, at the last step, post: the moves enter the ledger,
    or nothing happens (short lines named)."""
    with uow:
        doc = approve_stock(uow, ref, actor, comment)
        uow.commit()
    return doc


def submit_stock(uow: UnitOfWork, ref: str | int, actor: Actor) -> Document:
    """:func:`submit_document` inside an open unit of work (the caller commits)."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    doc = _locked(uow, ref, actor)
    doc.submit(actor.user_id, clock.now())
    uow.audit.record(actor, "document.submit", "document", doc.number)
    return doc


def approve_stock(uow: UnitOfWork, ref: str | int, actor: Actor, comment: str = "") -> Document:
    """:func:`approve_document` inside an open unit of work (the caller commits)."""
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    doc = _locked(uow, ref, actor)
    require_postable(uow, doc.date)
    if not take_step(uow, doc, actor, comment):
        return doc  # a step taken; the next approver follows
    if doc.red_letter:  # a 红冲 that waited for its steps
        post_red_letter(uow, doc)
        doc.approve(actor.user_id, clock.now())
    else:
        doc.approve(actor.user_id, clock.now())
        check_still_out(doc, uow)
        post_moves(uow.ledger, document_moves(doc, uow), shortage_detail(doc, uow))
    uow.audit.record(actor, "document.approve", "document", doc.number)
    return doc


@retry_transient
def unapprove_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """反审核: write reversal moves at the document's date and return it to draft.

    Refused when its month is closed (use 红冲), when a later document depends on it, or when
    taking its stock back out would make any later point of a stream negative.
    """
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    with uow:
        doc = _locked(uow, ref, actor)
        if doc.status not in (Status.APPROVED, Status.IN_TRANSIT):
            raise ValidationError("invalid_transition", action="unapprove", status=doc.status.value)
        require_open(uow, doc.date)
        require_no_dependants(uow, doc)
        live = live_moves(uow.ledger, doc.id or 0)
        post_moves(uow.ledger, reversal_moves(doc, live), shortage_detail(doc, uow))
        doc.unapprove()
        restart(doc)
        uow.audit.record(actor, "document.unapprove", "document", doc.number)
        uow.commit()
    return doc


@retry_transient
def void_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """作废: cancel a document that was never posted; it keeps its number."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    with uow:
        doc = _locked(uow, ref, actor)
        doc.void()
        uow.audit.record(actor, "document.void", "document", doc.number)
        uow.commit()
    return doc


@retry_transient
def reject_document(ref: str | int, actor: Actor, uow: UnitOfWork, reason: str = "") -> Document:
    """Send a submitted document back to draft, with the reason (by the waiting step's
    approver)."""
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    with uow:
        doc = _locked(uow, ref, actor)
        reject_step(uow, doc, actor, reason)
        uow.audit.record(actor, "document.reject", "document", doc.number, after={"reason": reason})
        uow.commit()
    return doc


def _locked(uow: UnitOfWork, ref: str | int, actor: Actor) -> Document:
    doc = find_document(uow, ref, actor, lock=True)
    if doc.type in TRADE_TYPES:  # they post AR/AP too: services/trading
        raise ValidationError("use_trade_service", number=doc.number)
    return doc
