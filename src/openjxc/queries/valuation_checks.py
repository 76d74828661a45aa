"""`jxc doctor`: every move's valuation re-derived from the ledger's facts and compared.

Re-costing rewrites the valuation columns of posted moves (docs/architecture.md: derived
data), so a slip there — in the replay, in the writing, by hand in the database — would
otherwise pass every sum the other checks compare. ``valuations_match`` replays each stream
from its first move with the domain's reference replay and names every move whose stored
value, adjustment, unit cost or running quantity, value, cost or batch quantity differs.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.revaluation import Difference, differences
from openjxc.adapters.db.tables import catalog, inventory

LIMIT = 50  # problems reported per check, as the other checks


def valuations_match(session: Session) -> list[str]:
    """Each move's stored valuation equals the one its stream's facts give (replayed)."""
    found = list(islice((d for _, stream in differences(session) for d in stream), LIMIT))
    if not found:
        return []
    m, d, ln = inventory.stock_move, inventory.document, inventory.document_line
    p, w = catalog.product, catalog.warehouse
    where = {
        r.id: r
        for r in session.execute(
            select(m.c.id, m.c.date, d.c.number, ln.c.line_no, p.c.code, w.c.code.label("wh"))
            .join(d, d.c.id == m.c.document_id)
            .join(ln, ln.c.id == m.c.line_id)
            .join(p, p.c.id == m.c.product_id)
            .join(w, w.c.id == m.c.warehouse_id)
            .where(m.c.id.in_([x.move_id for x in found]))
        )
    }
    return [_describe(x, where[x.move_id]) for x in found]


def _describe(difference: Difference, move: Any) -> str:
    columns = "; ".join(
        f"{name} stored {stored}, derived {derived}"
        for name, stored, derived in difference.columns()
    )
    return (
        f"move {difference.move_id} ({move.number} line {move.line_no}, "
        f"product {move.code} in warehouse {move.wh}, {move.date}): "
        f"{columns}"
    )
