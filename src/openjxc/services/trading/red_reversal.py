"""红冲 of a trading document: once its month is closed, the only correction is a red-letter
document in an open period that takes back its stock at the value it moved with and its
AR/AP entry in full, settled against the original (红字冲减) so neither stays open.

Orders have nothing posted to negate (close them instead). A document that a later one
names (a return against a delivery) or whose AR/AP is settled by money is refused, as for
反审核: undo those first.
"""

from __future__ import annotations

import datetime as dt

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading import flow
from openjxc.services.approvals import document_steps
from openjxc.services.inventory.documents import find_document, get_document
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.reversal import post_red_moves, red_day
from openjxc.services.retry import retry_transient
from openjxc.services.trading.partner_ledger import settle_entry, undo_settlements
from openjxc.services.trading.ports import NewEntry, StoredEntry
from openjxc.services.trading.posting import (
    affected_orders,
    follow_orders,
    require_no_later_documents,
)
from openjxc.services.trading.reserving import demand, rebalance
from openjxc.services.unit_of_work import UnitOfWork


@retry_transient
def red_reverse_trade_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """Create the red-letter document negating a receipt, delivery or return and post it.

    When the type has approval steps (a rule, e.g. every delivery ≥ 50,000), the red-letter
    document is submitted instead and posts at its last step (``post_red_trade_letter``):
    红冲 is no way around them.
    """
    with uow:
        original = find_document(uow, ref, actor)
        actor.require(flow.approve_permission(original.type))
        if original.type in flow.ORDERS:
            raise ValidationError("red_reverse_order", number=original.number)
        uow.documents.lock(original)
        original.check_red_reversible()
        on = red_day(uow, original, day)
        pending = uow.documents.pending_red_letters(original.id or 0)
        if pending:
            raise ValidationError(
                "red_letter_pending", number=original.number, red_letter=", ".join(pending)
            )
        waits = bool(document_steps(uow, original))
        if waits:  # refuse now what would be refused at the last step
            _require_negatable(uow, original, actor.user_id, posting=False)
        number = next_number(uow, original.type, on)
        red = original.red_copy(number, on, actor.user_id, clock.now(), approved=not waits)
        if not waits:
            _post(uow, original, red, actor.user_id)
        else:
            uow.documents.add(red)
        uow.audit.record(
            actor,
            "document.red_reverse_submit" if waits else "document.red_reverse",
            "document",
            original.number,
            after={"red_letter": red.number},
        )
        uow.commit()
    return red


def post_red_trade_letter(uow: UnitOfWork, red: Document, user_id: int | None) -> None:
    """At the last approval step of a red-letter trading document: its source becomes 已红冲,
    its stock and AR/AP are negated (refused, changing nothing, if the source was undone, has
    gained dependants or been settled meanwhile)."""
    original = get_document(uow, red.source_document_id or 0, lock=True)
    _post(uow, original, red, user_id)


def _require_negatable(
    uow: UnitOfWork, original: Document, undo_by: int | None, posting: bool = True
) -> list[StoredEntry]:
    """No later document names it and money settles none of its AR/AP; its live entries,
    locked. A return's own 红字冲减 moves to the red-letter document: undone (by ``undo_by``)
    when it posts, left alone before (``posting`` False)."""
    require_no_later_documents(uow, original)
    entries = uow.partner_ledger.live_entries(document_id=original.id)
    for entry in entries:
        uow.partner_ledger.lock(entry.partner_id, entry.account)
    if original.type in flow.RETURNS:
        if not posting:
            return entries  # settled by its own 红字冲减 (and so by nothing else)
        for entry in entries:
            undo_settlements(uow, entry, undo_by)
    settled = uow.partner_ledger.settled([e.id for e in entries])
    for entry in entries:
        if settled.get(entry.id):
            raise ValidationError("document_settled", number=original.number)
    return entries


def _post(uow: UnitOfWork, original: Document, red: Document, user_id: int | None) -> None:
    orders = affected_orders(original, uow)
    before = demand(uow, orders)  # measured while the original still counts
    original.mark_red_reversed()
    entries = _require_negatable(uow, original, user_id)
    if red.id is None:
        uow.documents.add(red)
    uow.flush()
    post_red_moves(uow, original, red, red.date)
    for entry in entries:
        _negate(uow, entry, red, red.date, user_id)
    follow_orders(orders, uow)
    rebalance(uow, orders, before)


def _negate(
    uow: UnitOfWork, entry: StoredEntry, red: Document, on: dt.date, user_id: int | None
) -> None:
    """Post the opposite of ``entry`` for ``red`` and settle the two against each other."""
    red_id = uow.partner_ledger.post(
        NewEntry(
            entry.partner_id,
            entry.account,
            on,
            -entry.amount,
            entry.source,
            red.number,
            document_id=red.id,
            created_by=user_id,
            organisation_id=red.organisation_id,
        )
    )
    red_entry = StoredEntry(
        red_id, entry.partner_id, entry.account, on, -entry.amount, red.number, entry.source
    )
    charge, credit = (entry, red_entry) if entry.amount > 0 else (red_entry, entry)
    if entry.amount:
        settle_entry(uow, credit, {charge.number: abs(entry.amount)}, user_id)
