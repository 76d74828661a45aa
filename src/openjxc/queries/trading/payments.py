"""Read side of 收款单/付款单: with what each settled, and what is left unapplied."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import access, catalog, trading
from openjxc.adapters.db.types import Scaled, money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.shared.numbers import MONEY_SCALE, ZERO
from openjxc.queries._paging import contains, page
from openjxc.services.lookup import as_id

p, e, s = trading.payment, trading.partner_entry, trading.settlement
pt, u, o = catalog.partner, access.user_account, catalog.organisation


def _select() -> Any:
    creator, approver = aliased(u), aliased(u)
    return (
        select(
            p.c.id,
            p.c.type,
            p.c.number,
            p.c.date,
            p.c.status,
            pt.c.code.label("partner"),
            o.c.code.label("organisation"),
            p.c.amount,
            p.c.method,
            p.c.account,
            p.c.prepayment,
            p.c.remarks,
            creator.c.username.label("created_by"),
            approver.c.username.label("approved_by"),
            p.c.approved_at,
            p.c.created_at,
        )
        .join(pt, pt.c.id == p.c.partner_id)
        .outerjoin(o, o.c.id == p.c.organisation_id)
        .outerjoin(creator, creator.c.id == p.c.created_by)
        .outerjoin(approver, approver.c.id == p.c.approved_by)
    )


def list_payments(
    session: Session,
    actor: Actor,
    *,
    type: str | None = None,
    partner_id: int | None = None,
    status: str | None = None,
    q: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Payments newest first, by type, partner, status, number or remarks, and dates."""
    query = _listing(actor, type, partner_id, status, q, since, until)
    rows, count = page(session, query.order_by(p.c.date.desc()), p.c.id.desc(), limit, offset)
    return [_with_settlements(session, row) for row in rows], count


def stream_payments(
    session: Session,
    actor: Actor,
    *,
    type: str | None = None,
    partner_id: int | None = None,
    status: str | None = None,
    q: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every payment of the list (for export) with its settled sum, fetched in batches."""
    credit = aliased(e)
    settled = (
        select(
            credit.c.payment_id,
            type_coerce(func.sum(s.c.amount), Scaled(MONEY_SCALE)).label("settled"),
        )
        .join(credit, credit.c.id == s.c.credit_entry_id)
        .group_by(credit.c.payment_id)
        .subquery()
    )
    query = (
        _listing(actor, type, partner_id, status, q, since, until)
        .add_columns(settled.c.settled)
        .outerjoin(settled, settled.c.payment_id == p.c.id)
        .order_by(p.c.date.desc(), p.c.id.desc())
        .execution_options(yield_per=500)
    )
    for row in session.execute(query).mappings():
        done = money_of(row["settled"]) if row["settled"] is not None else ZERO
        left = row["amount"] - done if row["status"] == "approved" else ZERO
        yield {**row, "settled": done, "unapplied": left}


def _listing(
    actor: Actor,
    type: str | None,
    partner_id: int | None,
    status: str | None,
    q: str | None,
    since: date | None,
    until: date | None,
) -> Any:
    actor.require(Permission.LEDGER_READ)
    query = _select()
    if type:
        query = query.where(p.c.type == type)
    if partner_id is not None:
        query = query.where(p.c.partner_id == partner_id)
    if status:
        query = query.where(p.c.status == status)
    if q:
        query = query.where(or_(contains(p.c.number, q), contains(p.c.remarks, q)))
    if since:
        query = query.where(p.c.date >= since)
    if until:
        query = query.where(p.c.date <= until)
    return payments_in_scope(query, actor)


def get_payment(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    actor.require(Permission.LEDGER_READ)
    condition = p.c.number == ref
    if (id := as_id(ref)) is not None:
        condition = or_(condition, p.c.id == id)
    row = session.execute(payments_in_scope(_select().where(condition), actor)).mappings().first()
    if row is None:
        raise NotFound("payment", ref)
    return _with_settlements(session, dict(row))


def payments_in_scope(query: Any, actor: Actor) -> Any:
    """Only the money of the organisations the caller sees (and, 仅本人单据, their own)."""
    if actor.own_documents:
        query = query.where(p.c.created_by == actor.user_id)
    if actor.organisation_ids is None:
        return query
    return query.where(p.c.organisation_id.in_(sorted(actor.organisation_ids)))


def _with_settlements(session: Session, row: dict[str, Any]) -> dict[str, Any]:
    charge = aliased(e)
    credit = aliased(e)
    rows = session.execute(
        select(charge.c.number, func.sum(s.c.amount))
        .join(credit, credit.c.id == s.c.credit_entry_id)
        .join(charge, charge.c.id == s.c.charge_entry_id)
        .where(credit.c.payment_id == row["id"])
        .group_by(charge.c.number, charge.c.date)
        .order_by(charge.c.date, charge.c.number)
    ).all()
    row["settlements"] = [
        {"document": r[0], "amount": money_of(r[1])} for r in rows if money_of(r[1]) != ZERO
    ]
    settled = sum((x["amount"] for x in row["settlements"]), ZERO)
    row["settled"] = settled
    row["unapplied"] = row["amount"] - settled if row["status"] == "approved" else ZERO
    return row
