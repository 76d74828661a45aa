"""红冲 (red reversal): negate a posted document with a red-letter document in an open period.

反审核 rewrites history inside an open month; once the month is closed, the only correction
is a new document, dated now, that takes exactly the original's moves back out at the value
they were posted with. The original becomes 已红冲 and both point at each other.
"""

from __future__ import annotations

import datetime as dt

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import TRADE_TYPES
from openjxc.domain.inventory.stream import ValueBasis
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.inventory.documents import get_document, require_no_dependants
from openjxc.services.inventory.ledger import NewMove
from openjxc.services.inventory.moves import inbound_first, live_moves, shortage_detail
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_open
from openjxc.services.inventory.posting import post_moves
from openjxc.services.unit_of_work import UnitOfWork


def red_reverse_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """Create and post the red-letter document negating ``ref``; returns it."""
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    with uow:
        original = get_document(uow, ref)
        if original.type in TRADE_TYPES:  # 红冲 of AR/AP documents is not built yet
            raise ValidationError("use_trade_service", number=original.number)
        uow.documents.lock(original)
        actor.require_warehouse(original.warehouse_id)
        original.mark_red_reversed()
        on = red_day(uow, original, day)
        require_no_dependants(uow, original)
        red = original.red_copy(next_number(uow, original.type, on), on, actor.user_id, clock.now())
        uow.documents.add(red)
        uow.flush()
        assert red.id is not None
        post_red_moves(uow, original, red, on)
        uow.audit.record(
            actor,
            "document.red_reverse",
            "document",
            original.number,
            after={"red_letter": red.number},
        )
        uow.commit()
    return red


def red_day(uow: UnitOfWork, original: Document, day: dt.date | None) -> dt.date:
    """The red-letter document's date: today unless given, open, not before the original."""
    on = day or clock.today()
    require_open(uow, on)
    if on < original.date:
        raise ValidationError(
            "red_date_before_original",
            field="date",
            date=on.isoformat(),
            original=original.date.isoformat(),
        )
    return on


def post_red_moves(uow: UnitOfWork, original: Document, red: Document, on: dt.date) -> None:
    """Post ``red``'s moves: each live move of ``original`` taken back at its posted value."""
    assert red.id is not None
    line_of = {ln.source_line_id: ln.id for ln in red.lines}
    moves = [
        NewMove(
            ("red", m.id),
            m.key,
            on,
            -m.qty,
            ValueBasis.GIVEN,
            red.id,
            line_of[m.line_id] or 0,
            -m.value,
            m.batch_id,
            takes_back_move_id=m.id if m.qty > 0 else None,
        )
        for m in inbound_first(live_moves(uow.ledger, original.id or 0))
    ]
    if moves:
        post_moves(uow.ledger, moves, shortage_detail(red, uow))
