"""往来对账单 (statement) and 账龄 (aging) of the partner ledger.

A statement lists a partner's entries of one account in a period with the balance before it,
a running balance and the balance after it; every figure is a sum of ledger entries, so the
API, an export and the UI show the same numbers. Aging puts what is still open into buckets
by days past due.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.aging import age, bucket_names
from openjxc.queries.trading.ledger import live, settled_sums

e, pt = trading.partner_entry, catalog.partner


def statement(
    session: Session, actor: Actor, partner_id: int, account: str, since: date, until: date
) -> dict[str, Any]:
    """Opening balance, each entry with its running balance, the period's totals, closing."""
    actor.require(Permission.LEDGER_READ)
    opening = money_of(
        session.execute(
            select(func.coalesce(func.sum(e.c.amount), 0)).where(
                e.c.partner_id == partner_id, e.c.account == account, e.c.date < since
            )
        ).scalar()
    )
    reversed_ = aliased(e)
    rows = session.execute(
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
        .order_by(e.c.date, e.c.id)
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
    """Per partner: open charges by days past due, unapplied credits, and the net balance."""
    actor.require(Permission.LEDGER_READ)
    names = bucket_names(limits)
    done = settled_sums()
    rows = session.execute(
        select(
            pt.c.code,
            pt.c.name,
            e.c.amount,
            func.coalesce(e.c.due_date, e.c.date).label("due"),
            func.coalesce(done.c.settled, 0).label("settled"),
        )
        .join(pt, pt.c.id == e.c.partner_id)
        .outerjoin(done, done.c.entry_id == e.c.id)
        .where(e.c.account == account, e.c.date <= as_of, live())
        .order_by(pt.c.code)
    ).all()
    charges: dict[tuple[str, str], list[tuple[date, Decimal]]] = defaultdict(list)
    credits: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        open_ = abs(row.amount) - money_of(row.settled)
        if open_ == ZERO:
            continue
        key = (row.code, row.name)
        if row.amount > ZERO:
            charges[key].append((row.due, open_))
        else:
            credits[key] += open_
    partners: list[dict[str, Any]] = []
    for key in sorted(set(charges) | set(credits)):
        buckets = age(charges[key], as_of, limits)
        owed = sum(buckets.values(), ZERO)
        partners.append(
            {
                "partner": key[0],
                "name": key[1],
                "buckets": buckets,
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
