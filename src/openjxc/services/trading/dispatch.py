"""One documents API for stock and trading documents: route each call to its service.

API, web editor and demo data call these, so "is it a trading document" is asked here only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import TRADE_TYPES
from openjxc.services.inventory import approval, reversal
from openjxc.services.inventory import documents as stock_documents
from openjxc.services.inventory.documents import DocumentInput, find_document, get_document
from openjxc.services.retry import retry_transient
from openjxc.services.trading import approval as trade
from openjxc.services.trading import documents as trade_documents
from openjxc.services.trading import red_reversal
from openjxc.services.trading.documents import TradeInput
from openjxc.services.unit_of_work import UnitOfWork

#: a draft's header and lines: a trading document's, or a stock document's
DraftInput = TradeInput | DocumentInput
#: what follows saving a draft, in the same transaction
Then = Literal["submit", "approve"]


def is_trade(ref: str | int, uow: UnitOfWork) -> bool:
    with uow:
        return get_document(uow, ref).type in TRADE_TYPES


@retry_transient
def save_document(
    ref: str | int | None,
    data: DraftInput,
    actor: Actor,
    uow: UnitOfWork,
    then: Then | None = None,
) -> Document:
    """Create (``ref`` None) or replace a draft and, with ``then``, submit or approve it in
    the same transaction: a refused submission or approval leaves nothing saved."""
    with uow:
        doc = _save(ref, data, actor, uow, then)
        uow.commit()
    return doc


def _save(
    ref: str | int | None, data: DraftInput, actor: Actor, uow: UnitOfWork, then: Then | None
) -> Document:
    if isinstance(data, TradeInput):
        doc = (
            trade_documents.add_trade_draft(uow, data, actor)
            if ref is None
            else trade_documents.revise_trade_draft(uow, ref, data, actor)
        )
        if then == "submit":
            return trade.submit_trade(uow, doc.number, actor)
        if then == "approve":
            return trade.approve_trade(uow, doc.number, actor)
        return doc
    doc = (
        stock_documents.add_draft(uow, data, actor)
        if ref is None
        else stock_documents.revise_draft(uow, ref, data, actor)
    )
    if then == "submit":
        return approval.submit_stock(uow, doc.number, actor)
    if then == "approve":
        return approval.approve_stock(uow, doc.number, actor)
    return doc


@retry_transient
def patch_document(
    ref: str | int, patch: Callable[[DraftInput], DraftInput], actor: Actor, uow: UnitOfWork
) -> Document:
    """A partial edit: the draft's current header and lines (``current_input``), with what
    ``patch`` changes, saved as a full edit would be — in one transaction, the draft locked,
    so a concurrent edit is never half overwritten."""
    with uow:
        doc = find_document(uow, ref, actor, lock=True)  # out of scope: not found
        current: DraftInput = (
            trade_documents.current_input(doc, actor)
            if doc.type in TRADE_TYPES
            else stock_documents.current_input(doc)
        )
        doc = _save(doc.id or 0, patch(current), actor, uow, None)
        uow.commit()
    return doc


def submit_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """Send for approval (待审核)."""
    if is_trade(ref, uow):
        return trade.submit_trade_document(ref, actor, uow)
    return approval.submit_document(ref, actor, uow)


def approve_document(ref: str | int, actor: Actor, uow: UnitOfWork, comment: str = "") -> Document:
    """Approve (a step) and post."""
    if is_trade(ref, uow):
        return trade.approve_trade_document(ref, actor, uow, comment)
    return approval.approve_document(ref, actor, uow, comment)


def unapprove_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """反审核."""
    if is_trade(ref, uow):
        return trade.unapprove_trade_document(ref, actor, uow)
    return approval.unapprove_document(ref, actor, uow)


def reject_document(ref: str | int, actor: Actor, uow: UnitOfWork, reason: str = "") -> Document:
    """Back to draft, with the reason."""
    if is_trade(ref, uow):
        return trade.reject_trade_document(ref, actor, uow, reason)
    return approval.reject_document(ref, actor, uow, reason)


def void_document(ref: str | int, actor: Actor, uow: UnitOfWork) -> Document:
    """作废."""
    if is_trade(ref, uow):
        return trade.void_trade_document(ref, actor, uow)
    return approval.void_document(ref, actor, uow)


def red_reverse_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """红冲: the red-letter document, posted or (with approval steps) waiting for them."""
    if is_trade(ref, uow):
        return red_reversal.red_reverse_trade_document(ref, actor, uow, day)
    return reversal.red_reverse_document(ref, actor, uow, day)
