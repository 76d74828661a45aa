"""A document's chain (单据追溯): upstream sources, downstream documents, money settled."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.queries.documents import document_id, visible_documents
from openjxc.queries.trading.payments import payments_in_scope

d, ln, pt = inventory.document, inventory.document_line, catalog.partner
e, s, pay = trading.partner_entry, trading.settlement, trading.payment
MAX_DEPTH = 10


def trace(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    """Upstream (what it came from) and downstream (what came from it), level by level,
    and the receipts/payments settled against any document of the chain.

    Only what the caller may read is shown: documents a direct GET shows them (a document
    out of scope reads as not found, and is left out of another's chain), and money only
    with ``partner_ledger.read``, of the organisations they see."""
    actor.require(Permission.STOCK_READ)
    start = document_id(session, actor, ref)
    upstream = _walk(session, {start}, _sources)
    downstream = _walk(session, {start}, _dependants)
    chain = {start} | {i for level in upstream + downstream for i in level}
    visible = visible_documents(session, actor, chain)
    return {
        "document": _nodes(session, [start])[0],
        "upstream": [n for level in upstream for n in _nodes(session, level, visible)],
        "downstream": [n for level in downstream for n in _nodes(session, level, visible)],
        "payments": _payments(session, actor, visible),
    }


def _walk(session: Session, start: set[int], step: Any) -> list[list[int]]:
    seen, levels, current = set(start), [], start
    for _ in range(MAX_DEPTH):
        found = step(session, current) - seen
        if not found:
            break
        levels.append(sorted(found))
        seen |= found
        current = found
    return levels


def _sources(session: Session, ids: set[int]) -> set[int]:
    source = aliased(ln)
    by_line = (
        select(source.c.document_id)
        .join(ln, ln.c.source_line_id == source.c.id)
        .where(ln.c.document_id.in_(ids))
    )
    by_header = select(d.c.source_document_id).where(
        d.c.id.in_(ids), d.c.source_document_id.is_not(None)
    )
    return {r[0] for r in session.execute(by_line.union(by_header))}


def _dependants(session: Session, ids: set[int]) -> set[int]:
    source = aliased(ln)
    by_line = (
        select(ln.c.document_id)
        .join(source, ln.c.source_line_id == source.c.id)
        .where(source.c.document_id.in_(ids))
    )
    by_header = select(d.c.id).where(d.c.source_document_id.in_(ids))
    return {r[0] for r in session.execute(by_line.union(by_header))}


def _nodes(
    session: Session, ids: list[int], visible: set[int] | None = None
) -> list[dict[str, Any]]:
    if visible is not None:
        ids = [i for i in ids if i in visible]
    rows = session.execute(
        select(d.c.id, d.c.number, d.c.type, d.c.status, d.c.date, pt.c.code.label("partner"))
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .where(d.c.id.in_(ids))
        .order_by(d.c.date, d.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def _payments(session: Session, actor: Actor, chain: set[int]) -> list[dict[str, Any]]:
    if not actor.can(Permission.LEDGER_READ):
        return []
    charge, credit = aliased(e), aliased(e)
    rows = session.execute(
        payments_in_scope(
            select(
                pay.c.number,
                pay.c.type,
                pay.c.date,
                charge.c.number.label("document"),
                func.sum(s.c.amount),
            )
            .join(credit, credit.c.id == s.c.credit_entry_id)
            .join(charge, charge.c.id == s.c.charge_entry_id)
            .join(pay, pay.c.id == credit.c.payment_id)
            .where(charge.c.document_id.in_(chain))
            .group_by(pay.c.number, pay.c.type, pay.c.date, charge.c.number)
            .order_by(pay.c.date, pay.c.number),
            actor,
        )
    ).all()
    return [
        {"number": r[0], "type": r[1], "date": r[2], "document": r[3], "amount": money_of(r[4])}
        for r in rows
        if money_of(r[4]) != ZERO
    ]
