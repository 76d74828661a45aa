"""审批中心: what waits for the caller (stock and trading documents), and the steps a document
has been through."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, not_, or_, select, true
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog, inventory, trading
from openjxc.adapters.db.types import Scaled, money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.approval_rules import Rule, Step, steps_for
from openjxc.domain.documents.approval_turn import InboxCase, Turn, inbox_cases, may_act
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared.numbers import MONEY_SCALE, ZERO, round_money
from openjxc.domain.trading.flow import SALES
from openjxc.queries.documents import document_id, document_scope
from openjxc.services.approvals import approve_permission

d, ln, pt = inventory.document, inventory.document_line, catalog.partner
r, ar, u = trading.approval_rule, trading.approval_record, access.user_account
w = catalog.warehouse
MONEY = Scaled(MONEY_SCALE)


def rules(session: Session) -> list[Rule]:
    return [
        Rule(
            row.id,
            row.document_type,
            row.min_amount,
            tuple(Step(**s) for s in row.steps),
            row.condition,
        )
        for row in session.execute(
            select(r.c.id, r.c.document_type, r.c.min_amount, r.c.steps, r.c.condition).order_by(
                r.c.id
            )
        )
    ]


def inbox(
    session: Session, actor: Actor, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Submitted documents, stock and trading, whose next step the caller may take, oldest
    first, and how many there are: the services' rule (``approval_turn.check_turn``) read from
    the tables, filtered, counted and paged in SQL."""
    types = [t.value for t in DocumentType if actor.can(approve_permission(t))]
    known = rules(session)
    cases = inbox_cases(known, types, actor.user_id, actor.roles)
    if not cases:
        return [], 0
    waiting = _waiting(actor, types)
    eligible = or_(*(_in_case(waiting, case, actor.user_id) for case in cases))
    count = session.scalar(select(func.count()).select_from(waiting).where(eligible)) or 0
    if limit <= 0 or offset >= count:
        return [], count
    rows = session.execute(
        select(waiting)
        .where(eligible)
        .order_by(waiting.c.date, waiting.c.id)
        .limit(limit)
        .offset(offset)
    ).mappings()
    return _items(session, actor, known, list(rows)), count


def may_take_step(session: Session, actor: Actor, kind: DocumentType, number: str | None) -> bool:
    """Whether the caller may take the waiting approval step of document ``number`` (None: a
    new one, theirs): the services' rule (``approval_turn.check_turn``) asked of the stored
    document, so a screen offers 审核 only to who may. Holding the type's approve permission
    is the caller's own check."""
    known = rules(session)
    if number is None:
        turn = Turn("", steps_for(known, kind.value, ZERO), 0, actor.user_id)
        return may_act(turn, actor.user_id, actor.roles)
    row = session.execute(
        select(d.c.id, d.c.created_by, d.c.approval_step, d.c.approval_conditions).where(
            d.c.number == number, *document_scope(actor)
        )
    ).first()
    if row is None:
        return False
    amount = ZERO
    if kind in TRADE_TYPES:
        net, tax = session.execute(
            select(func.sum(ln.c.net_amount), func.sum(ln.c.tax)).where(
                ln.c.document_id == row.id, ln.c.removed.is_(False)
            )
        ).one()
        amount = money_of(net) + money_of(tax)
    conditions = [c for c in row.approval_conditions.split(",") if c]
    steps = steps_for(known, kind.value, amount, conditions)
    approvers = _round_approvers(session, row.id, row.approval_step) if steps else ()
    turn = Turn(number, steps, row.approval_step, row.created_by, approvers)
    return may_act(turn, actor.user_id, actor.roles)


def _round_approvers(session: Session, document_id: int, taken: int) -> tuple[int | None, ...]:
    """Who took this round's ``taken`` approve steps (the latest ones)."""
    if taken <= 0:
        return ()
    return tuple(
        session.scalars(
            select(ar.c.user_id)
            .where(ar.c.document_id == document_id, ar.c.action == "approve")
            .order_by(ar.c.id.desc())
            .limit(taken)
        )
    )


def _waiting(actor: Actor, types: list[str]) -> Any:
    """The submitted documents of ``types`` the caller sees (``document_scope``), with their
    lines' net and tax (summed over the submitted documents' lines only)."""
    submitted = (d.c.status == Status.SUBMITTED.value) & d.c.type.in_(types)
    totals = (
        select(
            ln.c.document_id,
            func.sum(ln.c.net_amount).label("net"),
            func.sum(ln.c.tax).label("tax"),
        )
        .where(ln.c.removed.is_(False), ln.c.document_id.in_(select(d.c.id).where(submitted)))
        .group_by(ln.c.document_id)
        .subquery()
    )
    return (
        select(
            d.c.id,
            d.c.number,
            d.c.type,
            d.c.date,
            d.c.created_by,
            d.c.approval_step,
            d.c.approval_conditions,
            d.c.reason,
            d.c.remarks,
            pt.c.code.label("partner"),
            w.c.code.label("warehouse"),
            totals.c.net,
            totals.c.tax,
        )
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .join(w, w.c.id == d.c.warehouse_id)
        .outerjoin(totals, totals.c.document_id == d.c.id)
        .where(submitted, *document_scope(actor))
        .subquery("waiting")
    )


def _in_case(waiting: Any, case: InboxCase, user_id: int | None) -> ColumnElement[bool]:
    """A waiting document in ``case`` (see ``InboxCase``), in SQL."""
    trade = DocumentType(case.document_type) in TRADE_TYPES
    amount = (
        func.coalesce(waiting.c.net, 0) + func.coalesce(waiting.c.tax, 0)
        if trade
        else literal(ZERO, MONEY)
    )
    terms = [waiting.c.type == case.document_type]
    terms += [not_(_applies(rule, amount, waiting)) for rule in case.outranked_by]
    if case.rule is not None:
        terms.append(_applies(case.rule, amount, waiting))
    if case.at is not None:
        step = waiting.c.approval_step
        before_last = sorted(t for t in case.at if t < case.last)
        at = [step.in_(before_last)] if before_last else []
        if case.last in case.at:
            at.append(step >= case.last)  # steps beyond the last wait at the last
        terms.append(or_(*at))
    if case.not_creator:
        terms.append(or_(waiting.c.created_by.is_(None), waiting.c.created_by != user_id))
    if case.not_approver:
        terms.append(~_took_step_this_round(waiting, user_id))
    return and_(*terms)


def _applies(rule: Rule, amount: Any, waiting: Any) -> ColumnElement[bool]:
    """``Rule.applies`` in SQL: the total reaches its threshold, its condition was found."""
    terms: list[ColumnElement[bool]] = [true()]
    if rule.min_amount is not None:
        terms.append(amount >= literal(rule.min_amount, MONEY))
    if rule.condition is not None:
        found = literal(",") + waiting.c.approval_conditions + literal(",")
        terms.append(found.contains(f",{rule.condition},", autoescape=True))
    return and_(*terms)


def _took_step_this_round(waiting: Any, user_id: int | None) -> ColumnElement[bool]:
    """The caller approved one of the latest ``approval_step`` steps (this round's)."""
    mine, later = ar.alias("mine"), ar.alias("later")
    rank = (
        select(func.count())
        .where(
            later.c.document_id == mine.c.document_id,
            later.c.action == "approve",
            later.c.id >= mine.c.id,
        )
        .scalar_subquery()
    )
    return exists().where(
        mine.c.document_id == waiting.c.id,
        mine.c.action == "approve",
        mine.c.user_id == user_id,
        rank <= waiting.c.approval_step,
    )


def _items(
    session: Session, actor: Actor, known: list[Rule], rows: list[Any]
) -> list[dict[str, Any]]:
    """The page's documents as the inbox shows them: amounts only to who may see them."""
    prices = actor.can(Permission.PRICE_READ)
    values = _stock_values(session, [row["id"] for row in rows]) if prices else {}
    items = []
    for row in rows:
        kind = DocumentType(row["type"])
        trade = kind in TRADE_TYPES
        amount = money_of(row["net"]) + money_of(row["tax"]) if trade else ZERO
        conditions = [c for c in row["approval_conditions"].split(",") if c]
        steps = steps_for(known, kind.value, amount, conditions)
        items.append(
            {
                "number": row["number"],
                "type": kind.value,
                "date": row["date"],
                "partner": row["partner"],
                "warehouse": row["warehouse"],
                "total": amount if trade and (prices or kind in SALES) else None,
                "value": values.get(row["id"]) if not trade else None,
                "step": row["approval_step"] + 1,
                "steps": max(len(steps), 1),
                "conditions": conditions,
                "reason": row["reason"],
                "remarks": row["remarks"],
            }
        )
    return items


def _stock_values(session: Session, document_ids: list[int]) -> dict[int, Decimal]:
    """What each stock document moves, at cost: a line's own amount (receipts priced on the
    line), else its quantity at the stream's current average cost (or its last cost when none
    is on hand); a stocktake counts its variance. Only stock documents are asked."""
    if not document_ids:
        return {}
    sb = inventory.stock_balance
    rows = session.execute(
        select(
            ln.c.document_id,
            d.c.type,
            ln.c.base_qty,
            ln.c.variance_qty,
            ln.c.amount,
            sb.c.on_hand,
            sb.c.value,
            sb.c.last_unit_cost,
        )
        .join(d, d.c.id == ln.c.document_id)
        .outerjoin(
            sb, (sb.c.product_id == ln.c.product_id) & (sb.c.warehouse_id == d.c.warehouse_id)
        )
        .where(
            ln.c.document_id.in_(document_ids),
            ln.c.removed.is_(False),
            d.c.type.notin_([t.value for t in TRADE_TYPES]),
        )
    ).mappings()
    values: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row["amount"] is not None:
            value = abs(row["amount"])
        else:
            qty = row["variance_qty"] if row["type"] == DocumentType.STOCKTAKE.value else None
            qty = abs(qty if qty is not None else row["base_qty"])
            if row["on_hand"]:
                value = row["value"] * qty / row["on_hand"]
            else:
                value = (row["last_unit_cost"] or ZERO) * qty
        values[row["document_id"]] += value
    return {k: round_money(abs(v)) for k, v in values.items()}


def history(session: Session, actor: Actor, ref: str) -> list[dict[str, Any]]:
    """Each approval step taken on a document: who, when, approve or reject, comment."""
    found = document_id(session, actor, ref)  # out of scope or 仅本人单据: not found
    rows = session.execute(
        select(ar.c.step, ar.c.action, u.c.username.label("user"), ar.c.comment, ar.c.at)
        .outerjoin(u, u.c.id == ar.c.user_id)
        .where(ar.c.document_id == found)
        .order_by(ar.c.id)
    ).mappings()
    return [dict(row) for row in rows]


def my_history(session: Session, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    """The steps the caller took (approve or reject), newest first, with their documents
    (those they still see)."""
    if actor.user_id is None:
        return []
    rows = session.execute(
        select(
            d.c.number,
            d.c.type,
            d.c.status,
            d.c.warehouse_id,
            pt.c.code.label("partner"),
            ar.c.step,
            ar.c.action,
            ar.c.comment,
            ar.c.at,
        )
        .join(d, d.c.id == ar.c.document_id)
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .where(ar.c.user_id == actor.user_id, *document_scope(actor))
        .order_by(ar.c.id.desc())
        .limit(limit)
    ).mappings()
    return [dict(row) for row in rows]
