"""Re-costing's trace read back (``stock_revaluation``): what re-valued a document's moves,
and each move's change since it posted (its ``adjustment`` in the API and the ledger)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import inventory
from openjxc.adapters.db.types import Scaled
from openjxc.domain.shared.numbers import MONEY_SCALE

rv, m = inventory.stock_revaluation, inventory.stock_move
cause = aliased(inventory.document, name="cause")


def change_since_posted(move_id: Any) -> ColumnElement[Any]:
    """A move's value now less its value when posted: the sum of its re-valuations (NULL for
    a move never re-valued; ``scaled()`` of it gives the raw integer a report sums)."""
    return type_coerce(
        select(func.sum(rv.c.new_value - rv.c.old_value))
        .where(rv.c.move_id == move_id)
        .scalar_subquery(),
        Scaled(MONEY_SCALE),
    )


def last_cause(move_id: Any) -> ColumnElement[Any]:
    """The number of the document whose posting last re-valued the move (NULL: none)."""
    return (
        select(cause.c.number)
        .join(rv, rv.c.caused_by_document_id == cause.c.id)
        .where(rv.c.move_id == move_id)
        .order_by(rv.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def of_document(session: Session, document_id: int) -> dict[int, list[dict[str, Any]]]:
    """Each line's re-valuations, oldest first, by line id: the causing document (None for a
    repair by ``jxc doctor --repair``), the value before and after (as positive amounts, as
    a line's ``posted_value``) and when."""
    rows = session.execute(
        select(
            m.c.line_id,
            cause.c.number.label("document"),
            cause.c.type.label("document_type"),
            rv.c.old_value,
            rv.c.new_value,
            rv.c.created_at.label("at"),
        )
        .join(m, m.c.id == rv.c.move_id)
        .outerjoin(cause, cause.c.id == rv.c.caused_by_document_id)
        .where(m.c.document_id == document_id)
        .order_by(rv.c.id)
    ).mappings()
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        item = {**row, "old_value": abs(row["old_value"]), "new_value": abs(row["new_value"])}
        found.setdefault(item.pop("line_id"), []).append(item)
    return found
