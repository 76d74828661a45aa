"""Read side of the partner ledger: entries with what is settled, balances, open items."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, func, select, union_all
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.queries._paging import page

e, pb, s, pt = trading.partner_entry, trading.partner_balance, trading.settlement, catalog.partner


def settled_sums() -> Any:
    """Settled amount per entry (charges and credits alike), net of undone settlements."""
    both = union_all(
        select(s.c.charge_entry_id.label("entry_id"), s.c.amount),
        select(s.c.credit_entry_id.label("entry_id"), s.c.amount),
    ).subquery()
    return (
        select(both.c.entry_id, func.sum(both.c.amount).label("settled"))
        .group_by(both.c.entry_id)
        .subquery()
    )


def in_scope(query: Any, actor: Actor) -> Any:
    """Only the entries of the organisations the caller sees (a store's, for its staff)."""
    if actor.organisation_ids is None:
        return query
    return query.where(e.c.organisation_id.in_(sorted(actor.organisation_ids)))


def live() -> Any:
    """In effect: not a reversal, and not reversed (reverses_entry_id is indexed)."""
    later = aliased(e)
    return e.c.reverses_entry_id.is_(None) & ~exists().where(later.c.reverses_entry_id == e.c.id)


def list_entries(
    session: Session,
    actor: Actor,
    *,
    partner_id: int | None = None,
    account: str | None = None,
    since: date | None = None,
    until: date | None = None,
    open_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Entries oldest first, each with what is settled and what is left open."""
    actor.require(Permission.LEDGER_READ)
    done = settled_sums()
    query = (
        select(
            e.c.id,
            pt.c.code.label("partner"),
            e.c.account,
            e.c.date,
            e.c.due_date,
            e.c.source,
            e.c.number,
            e.c.amount,
            func.coalesce(done.c.settled, 0).label("settled"),
            e.c.reverses_entry_id.label("reverses"),
        )
        .join(pt, pt.c.id == e.c.partner_id)
        .outerjoin(done, done.c.entry_id == e.c.id)
    )
    if partner_id is not None:
        query = query.where(e.c.partner_id == partner_id)
    if account:
        query = query.where(e.c.account == account)
    if since:
        query = query.where(e.c.date >= since)
    if until:
        query = query.where(e.c.date <= until)
    if open_only:
        query = query.where(live())
    query = in_scope(query, actor)
    rows, count = page(
        session, query.order_by(e.c.date), e.c.id, limit if not open_only else 10_000, offset
    )
    result = []
    for row in rows:
        row["settled"] = money_of(row["settled"])
        row["open"] = abs(row["amount"]) - row["settled"] if row["reverses"] is None else ZERO
        if not open_only or row["open"] > ZERO:
            result.append(row)
    if open_only:
        count = len(result)
        result = result[offset : offset + limit]
    return result, count


def list_balances(
    session: Session,
    actor: Actor,
    *,
    account: str | None = None,
    partner_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Each partner's balance per account (positive: owed; negative: 预收/预付); for a caller
    who sees only some organisations, the sum of those organisations' entries."""
    actor.require(Permission.LEDGER_READ)
    balances: Any = pb
    if actor.organisation_ids is not None:
        balances = in_scope(
            select(e.c.partner_id, e.c.account, func.sum(e.c.amount).label("balance")).group_by(
                e.c.partner_id, e.c.account
            ),
            actor,
        ).subquery()
    query = select(
        pt.c.code.label("partner"), pt.c.name, balances.c.account, balances.c.balance
    ).join(pt, pt.c.id == balances.c.partner_id)
    if account:
        query = query.where(balances.c.account == account)
    if partner_id is not None:
        query = query.where(balances.c.partner_id == partner_id)
    rows, count = page(session, query.order_by(pt.c.code), balances.c.account, limit, offset)
    for row in rows:
        row["balance"] = money_of(row["balance"])  # a sum: PostgreSQL's NUMERIC of the integers
    return rows, count
