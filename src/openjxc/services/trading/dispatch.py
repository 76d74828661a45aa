"""One documents API for stock and trading documents: route each call to its service."""

from __future__ import annotations

import datetime as dt

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import TRADE_TYPES
from openjxc.services.inventory import approval, reversal
from openjxc.services.inventory.documents import get_document
from openjxc.services.trading import approval as trade
from openjxc.services.trading import red_reversal
from openjxc.services.unit_of_work import UnitOfWork


def is_trade(ref: str | int, uow: UnitOfWork) -> bool:
    with uow:
        return get_document(uow, ref).type in TRADE_TYPES


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
