"""审批中心: what waits for the caller (stock and trading documents), and the steps a document
has been through."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog, inventory, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.approval_rules import Rule, Step, steps_for
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.shared.numbers import ZERO, round_money
from openjxc.domain.trading.flow import SALES
from openjxc.services.approvals import approve_permission
from openjxc.services.lookup import as_id

d, ln, pt = inventory.document, inventory.document_line, catalog.partner
r, ar, u = trading.approval_rule, trading.approval_record, access.user_account
w = catalog.warehouse


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
    first: the same checks as approving (services/approvals), read from the tables."""
    types = [t.value for t in DocumentType if actor.can(approve_permission(t))]
    if not types:
        return [], 0
    known = rules(session)

    def line_sum(column: Any) -> Any:  # of this document's lines only (few are submitted)
        return (
            select(func.sum(column))
            .where(ln.c.document_id == d.c.id, ln.c.removed.is_(False))
            .scalar_subquery()
        )

    rows = session.execute(
        select(
            d.c.id,
            d.c.number,
            d.c.type,
            d.c.date,
            d.c.warehouse_id,
            d.c.created_by,
            d.c.approval_step,
            d.c.approval_conditions,
            d.c.reason,
            d.c.remarks,
            pt.c.code.label("partner"),
            w.c.code.label("warehouse"),
            line_sum(ln.c.net_amount).label("net"),
            line_sum(ln.c.tax).label("tax"),
        )
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .join(w, w.c.id == d.c.warehouse_id)
        .where(d.c.status == Status.SUBMITTED.value, d.c.type.in_(types))
        .order_by(d.c.date, d.c.id)
    ).mappings()
    visible = [row for row in rows if actor.sees_warehouse(row["warehouse_id"])]
    prices = actor.can(Permission.PRICE_READ)
    taken = _steps_taken(session, [row["id"] for row in visible if row["approval_step"]])
    values = _stock_values(session, [row["id"] for row in visible]) if prices else {}
    waiting = []
    for row in visible:
        kind = DocumentType(row["type"])
        trade = kind in TRADE_TYPES
        amount = money_of(row["net"]) + money_of(row["tax"]) if trade else ZERO
        conditions = [c for c in row["approval_conditions"].split(",") if c]
        steps = steps_for(known, kind.value, amount, conditions)
        if steps:
            if actor.user_id is not None and actor.user_id in (
                row["created_by"],
                *taken.get(row["id"], [])[: row["approval_step"]],
            ):
                continue  # their own document, or a step of this round is already theirs
            step = steps[min(row["approval_step"], len(steps) - 1)]
            if not step.allows(actor.user_id, actor.roles):
                continue
        waiting.append(
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
    return waiting[offset : offset + limit], len(waiting)


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


def _steps_taken(session: Session, document_ids: list[int]) -> dict[int, list[int | None]]:
    """Who approved each document's steps, latest first (its current round leads)."""
    taken: dict[int, list[int | None]] = defaultdict(list)
    if not document_ids:
        return taken
    rows = session.execute(
        select(ar.c.document_id, ar.c.user_id)
        .where(ar.c.document_id.in_(document_ids), ar.c.action == "approve")
        .order_by(ar.c.id.desc())
    )
    for document_id, user_id in rows:
        taken[document_id].append(user_id)
    return taken


def history(session: Session, actor: Actor, ref: str) -> list[dict[str, Any]]:
    """Each approval step taken on a document: who, when, approve or reject, comment."""
    condition = d.c.number == ref
    if (id := as_id(ref)) is not None:
        condition = or_(condition, d.c.id == id)
    found = session.execute(select(d.c.id, d.c.warehouse_id).where(condition)).first()
    if found is None or not actor.sees_warehouse(found.warehouse_id):
        raise NotFound("document", ref)
    rows = session.execute(
        select(ar.c.step, ar.c.action, u.c.username.label("user"), ar.c.comment, ar.c.at)
        .outerjoin(u, u.c.id == ar.c.user_id)
        .where(ar.c.document_id == found.id)
        .order_by(ar.c.id)
    ).mappings()
    return [dict(row) for row in rows]


def my_history(session: Session, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    """The steps the caller took (approve or reject), newest first, with their documents."""
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
        .where(ar.c.user_id == actor.user_id)
        .order_by(ar.c.id.desc())
        .limit(limit)
    ).mappings()
    return [dict(row) for row in rows if actor.sees_warehouse(row["warehouse_id"])]
