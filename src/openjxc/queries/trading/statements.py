"""往来对账单 (statement) and 账龄 (aging) of the partner ledger.

A statement lists a partner's entries of one account in a period with the balance before it,
a running balance and the balance after it; every figure is a sum of ledger entries, so the
API, an export and the UI show the same numbers. Aging puts what is still open into buckets
by days past due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import EntrySource
from openjxc.domain.trading.aging import bucket_names, bucket_starts
from openjxc.queries.rows import row_of
from openjxc.queries.trading.ledger import in_scope, live, settled_sums

e, pt = trading.partner_entry, catalog.partner


@dataclass(frozen=True, slots=True)
class StatementLine:
    date: dt.date
    number: str
    source: EntrySource
    due_date: dt.date | None
    amount: Decimal
    reverses: str | None  # the number of the entry it takes back (反审核)
    balance: Decimal  # running, after this entry


@dataclass(frozen=True, slots=True)
class Statement:
    """往来对账单 of one partner and account: 期初, the entries, 本期增加/减少, 期末."""

    account: str
    since: dt.date
    until: dt.date
    opening: Decimal
    increase: Decimal
    decrease: Decimal
    closing: Decimal
    lines: tuple[StatementLine, ...]


@dataclass(frozen=True, slots=True)
class AgingPartner:
    partner: str  # its code
    name: str
    buckets: Mapping[str, Decimal]  # open charges by bucket name, every bucket present
    open_charges: Decimal
    unapplied: Decimal  # 预收/预付 not yet applied
    net: Decimal


@dataclass(frozen=True, slots=True)
class Aging:
    account: str
    as_of: dt.date
    buckets: list[str]  # the bucket names, in order
    partners: tuple[AgingPartner, ...]
    totals: Mapping[str, Decimal]


def statement(
    session: Session, actor: Actor, partner_id: int, account: str, since: dt.date, until: dt.date
) -> Statement:
    """Opening balance, each entry with its running balance, the period's totals, closing."""
    actor.require(Permission.LEDGER_READ)
    before = select(func.coalesce(func.sum(e.c.amount), 0)).where(
        e.c.partner_id == partner_id, e.c.account == account, e.c.date < since
    )
    opening = money_of(session.execute(in_scope(before, actor)).scalar())
    reversed_ = aliased(e)
    rows = session.execute(
        in_scope(
            select(
                e.c.date,
                e.c.number,
                e.c.source,
                e.c.due_date,
                e.c.amount,
                reversed_.c.number.label("reverses"),
            )
            .outerjoin(reversed_, reversed_.c.id == e.c.reverses_entry_id)
            .where(
                e.c.partner_id == partner_id,
                e.c.account == account,
                e.c.date >= since,
                e.c.date <= until,
            )
            .order_by(e.c.date, e.c.id),
            actor,
        )
    )
    running, increase, decrease = opening, ZERO, ZERO
    lines = []
    for row in rows:
        amount: Decimal = row.amount
        running += amount
        if amount > ZERO:
            increase += amount
        else:
            decrease -= amount
        lines.append(row_of(StatementLine, row, balance=running))
    return Statement(account, since, until, opening, increase, decrease, running, tuple(lines))


def aging(
    session: Session, actor: Actor, account: str, as_of: dt.date, limits: Sequence[int]
) -> Aging:
    """Per partner: open charges by days past due, unapplied credits, and the net balance.

    Summed in the database per partner and bucket: years of entries are a few rows here.
    """
    actor.require(Permission.LEDGER_READ)
    names = bucket_names(limits)
    done = settled_sums()
    raw = type_coerce(e.c.amount, BigInteger)  # stored integers: exact sums, no conversion
    due = func.coalesce(e.c.due_date, e.c.date)
    starts = bucket_starts(as_of, limits)
    query = (
        select(
            e.c.partner_id,
            (raw > 0).label("charge"),
            case(*[(due >= start, i) for i, start in enumerate(starts)], else_=len(starts)).label(
                "bucket"
            ),
            (func.abs(raw) - func.coalesce(done.c.settled, 0)).label("open"),
        )
        .outerjoin(done, done.c.entry_id == e.c.id)
        .where(e.c.account == account, e.c.date <= as_of, live())
    )
    entries = in_scope(query, actor).subquery()
    keys = (entries.c.partner_id, entries.c.charge, entries.c.bucket)
    sums = (
        select(*keys, func.sum(entries.c.open).label("open"))
        .where(entries.c.open != 0)
        .group_by(*keys)
        .subquery()
    )
    rows = session.execute(
        select(pt.c.code, pt.c.name, sums.c.charge, sums.c.bucket, sums.c.open).join(
            pt, pt.c.id == sums.c.partner_id
        )
    )
    charges: dict[tuple[str, str], dict[str, Decimal]] = {}
    credits: dict[tuple[str, str], Decimal] = {}
    for row in rows:
        key, open_ = (row.code, row.name), money_of(int(row.open))  # PostgreSQL: numeric
        charges.setdefault(key, dict.fromkeys(names, ZERO))
        credits.setdefault(key, ZERO)
        if row.charge:
            charges[key][names[row.bucket]] += open_
        else:
            credits[key] += open_
    partners: list[AgingPartner] = []
    for key in sorted(charges):
        owed = sum(charges[key].values(), ZERO)
        partners.append(
            AgingPartner(
                partner=key[0],
                name=key[1],
                buckets=charges[key],
                open_charges=owed,
                unapplied=credits[key],
                net=owed - credits[key],
            )
        )
    totals = {name: sum((p.buckets[name] for p in partners), ZERO) for name in names}
    return Aging(account, as_of, names, tuple(partners), totals)
