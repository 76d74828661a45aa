"""Read side of the partner ledger: entries with what is settled, balances, open items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Select, Subquery, exists, func, select, union_all
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import Account, EntrySource
from openjxc.queries._paging import page_rows
from openjxc.queries.rows import row_of

e, pb, s, pt = trading.partner_entry, trading.partner_balance, trading.settlement, catalog.partner
Q = TypeVar("Q", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A partner ledger entry with what is settled against it and what is left open."""

    id: int
    partner: str  # its code
    account: Account
    date: dt.date
    due_date: dt.date | None
    source: EntrySource
    number: str
    amount: Decimal  # + raises what is owed, - lowers it
    settled: Decimal
    open: Decimal
    reverses: int | None  # the id of the entry it takes back


@dataclass(frozen=True, slots=True)
class BalanceRow:
    partner: str  # its code
    name: str
    account: Account
    balance: Decimal  # positive: owed; negative: 预收/预付


def settled_sums() -> Subquery:
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


def in_scope(query: Q, actor: Actor) -> Q:
    """Only the entries of the organisations the caller sees (a store's, for its staff)."""
    if actor.organisation_ids is None:
        return query
    return query.where(e.c.organisation_id.in_(sorted(actor.organisation_ids)))


def live() -> ColumnElement[bool]:
    """In effect: not a reversal, and not reversed (reverses_entry_id is indexed)."""
    later = aliased(e)
    return e.c.reverses_entry_id.is_(None) & ~exists().where(later.c.reverses_entry_id == e.c.id)


def list_entries(
    session: Session,
    actor: Actor,
    *,
    partner_id: int | None = None,
    account: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    open_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[EntryRow], int]:
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
    rows, count = page_rows(
        session, query.order_by(e.c.date), e.c.id, limit if not open_only else 10_000, offset
    )
    result = []
    for row in rows:
        settled = money_of(row.settled)
        open_ = abs(row.amount) - settled if row.reverses is None else ZERO
        if not open_only or open_ > ZERO:
            result.append(row_of(EntryRow, row, settled=settled, open=open_))
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
) -> tuple[list[BalanceRow], int]:
    """Each partner's balance per account (positive: owed; negative: 预收/预付); for a caller
    who sees only some organisations, the sum of those organisations' entries."""
    actor.require(Permission.LEDGER_READ)
    balances: FromClause = pb  # the table, or a subquery of the same columns
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
    rows, count = page_rows(session, query.order_by(pt.c.code), balances.c.account, limit, offset)
    # a sum: PostgreSQL's NUMERIC of the integers
    return [row_of(BalanceRow, row, balance=money_of(row.balance)) for row in rows], count
