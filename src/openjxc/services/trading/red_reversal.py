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
from openjxc.services.inventory.documents import get_document, require_no_dependants
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.reversal import post_red_moves, red_day
from openjxc.services.retry import retry_transient
from openjxc.services.trading.partner_ledger import settle_entry, undo_settlements
from openjxc.services.trading.ports import NewEntry, StoredEntry
from openjxc.services.trading.posting import affected_orders, follow_orders
from openjxc.services.trading.reserving import demand, rebalance
from openjxc.services.unit_of_work import UnitOfWork


@retry_transient
def red_reverse_trade_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """Create and post the red-letter document negating a receipt, delivery or return."""
    with uow:
        original = get_document(uow, ref)
        actor.require(flow.approve_permission(original.type))
        actor.require_warehouse(original.warehouse_id)
        if original.type in flow.ORDERS:
            raise ValidationError("red_reverse_order", number=original.number)
        uow.documents.lock(original)
        orders = affected_orders(original, uow)
        before = demand(uow, orders)  # measured while the original still counts
        original.mark_red_reversed()
        on = red_day(uow, original, day)
        require_no_dependants(uow, original)
        dependants = uow.trade_lines.dependants(original.id or 0)
        if dependants:
            raise ValidationError(
                "document_has_dependants", number=original.number, dependants=", ".join(dependants)
            )
        entries = uow.partner_ledger.live_entries(document_id=original.id)
        for entry in entries:
            uow.partner_ledger.lock(entry.partner_id, entry.account)
            if original.type in flow.RETURNS:
                undo_settlements(uow, entry, actor.user_id)  # its 红字冲减 moves to the red one
        settled = uow.partner_ledger.settled([e.id for e in entries])
        for entry in entries:
            if settled.get(entry.id):
                raise ValidationError("document_settled", number=original.number)
        red = original.red_copy(next_number(uow, original.type, on), on, actor.user_id, clock.now())
        uow.documents.add(red)
        uow.flush()
        post_red_moves(uow, original, red, on)
        for entry in entries:
            _negate(uow, entry, red, on, actor.user_id)
        follow_orders(orders, uow)
        rebalance(uow, orders, before)
        uow.audit.record(
            actor,
            "document.red_reverse",
            "document",
            original.number,
            after={"red_letter": red.number},
        )
        uow.commit()
    return red


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
        )
    )
    red_entry = StoredEntry(
        red_id, entry.partner_id, entry.account, on, -entry.amount, red.number, entry.source
    )
    charge, credit = (entry, red_entry) if entry.amount > 0 else (red_entry, entry)
    if entry.amount:
        settle_entry(uow, credit, {charge.number: abs(entry.amount)}, user_id)
