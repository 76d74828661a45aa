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
from openjxc.services.approvals import document_steps
from openjxc.services.inventory.documents import (
    find_document,
    get_document,
    require_no_dependants,
)
from openjxc.services.inventory.ledger import NewMove
from openjxc.services.inventory.moves import inbound_first, live_moves, shortage_detail
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_postable
from openjxc.services.inventory.posting import post_moves
from openjxc.services.unit_of_work import UnitOfWork


def red_reverse_document(
    ref: str | int, actor: Actor, uow: UnitOfWork, day: dt.date | None = None
) -> Document:
    """Create the red-letter document negating ``ref`` and post it; returns it.

    When the document's type has approval steps (a rule, or the two approvers of 报损/报溢),
    the red-letter document is submitted instead and posts at its last step
    (``post_red_letter``), like any document of its type: 红冲 is no way around them.
    """
    actor.require(Permission.STOCK_DOCUMENT_APPROVE)
    with uow:
        original = find_document(uow, ref, actor, lock=True)
        if original.type in TRADE_TYPES:  # trading documents: services/trading/red_reversal
            raise ValidationError("use_trade_service", number=original.number)
        original.check_red_reversible()
        on = red_day(uow, original, day)
        require_no_dependants(uow, original)
        pending = uow.documents.pending_red_letters(original.id or 0)
        if pending:
            raise ValidationError(
                "red_letter_pending", number=original.number, red_letter=", ".join(pending)
            )
        waits = bool(document_steps(uow, original))
        number = next_number(uow, original.type, on)
        red = original.red_copy(number, on, actor.user_id, clock.now(), approved=not waits)
        uow.documents.add(red)
        uow.flush()
        if not waits:
            original.mark_red_reversed()
            post_red_moves(uow, original, red, on)
        uow.audit.record(
            actor,
            "document.red_reverse_submit" if waits else "document.red_reverse",
            "document",
            original.number,
            after={"red_letter": red.number},
        )
        uow.commit()
    return red


def post_red_letter(uow: UnitOfWork, red: Document) -> None:
    """At the last approval step of a red-letter document: its source becomes 已红冲 and the
    source's moves are taken back out (refused, changing nothing, if the source was undone
    or has gained dependants meanwhile)."""
    original = get_document(uow, red.source_document_id or 0, lock=True)
    require_no_dependants(uow, original)
    original.mark_red_reversed()
    post_red_moves(uow, original, red, red.date)


def red_day(uow: UnitOfWork, original: Document, day: dt.date | None) -> dt.date:
    """The red-letter document's date: today unless given, open, not before the original."""
    on = day or clock.today()
    require_postable(uow, on)
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
