"""往来对账单 (statement) and 账龄 (aging) of the partner ledger.

A statement lists a partner's entries of one account in a period with the balance before it,
a running balance and the balance after it; every figure is a sum of ledger entries, so the
API, an export and the UI show the same numbers. Aging puts what is still open into buckets
by days past due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.aging import bucket_names, bucket_starts
from openjxc.queries.trading.ledger import in_scope, live, settled_sums

e, pt = trading.partner_entry, catalog.partner


def statement(
    session: Session, actor: Actor, partner_id: int, account: str, since: date, until: date
) -> dict[str, Any]:
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
    ).mappings()
    running, increase, decrease = opening, ZERO, ZERO
    lines = []
    for row in rows:
        amount: Decimal = row["amount"]
        running += amount
        if amount > ZERO:
            increase += amount
        else:
            decrease -= amount
        lines.append(dict(row, balance=running))
    return {
        "account": account,
        "since": since,
        "until": until,
        "opening": opening,
        "increase": increase,
        "decrease": decrease,
        "closing": running,
        "lines": lines,
    }


def aging(
    session: Session, actor: Actor, account: str, as_of: date, limits: Sequence[int]
) -> dict[str, Any]:
    """Per partner: open charges by days past due, unapplied credits, and the net balance.

    Summed in the database per partner and bucket: years of entries are a few rows here.
    """
    actor.require(Permission.LEDGER_READ)
    names = bucket_names(limits)
    done = settled_sums()
    raw = type_coerce(e.c.amount, BigInteger)  # stored integers: exact sums, no conversion
    due = func.coalesce(e.c.due_date, e.c.date)
    starts = bucket_starts(as_of, limits)
    entries = (
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
    entries = in_scope(entries, actor).subquery()
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
    partners: list[dict[str, Any]] = []
    for key in sorted(charges):
        owed = sum(charges[key].values(), ZERO)
        partners.append(
            {
                "partner": key[0],
                "name": key[1],
                "buckets": charges[key],
                "open_charges": owed,
                "unapplied": credits[key],
                "net": owed - credits[key],
            }
        )
    totals = {name: sum((p["buckets"][name] for p in partners), ZERO) for name in names}
    return {
        "account": account,
        "as_of": as_of,
        "buckets": names,
        "partners": partners,
        "totals": totals,
    }
