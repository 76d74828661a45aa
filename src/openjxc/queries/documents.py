"""Read side of documents: lists and one document with its lines and posted values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Subquery, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import access, catalog, inventory
from openjxc.adapters.db.types import Scaled, money_of, qty_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import TRADE_TYPES
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.shared.numbers import MONEY_SCALE
from openjxc.queries import revaluations
from openjxc.queries._paging import contains
from openjxc.queries.trading.documents import add_trade_figures
from openjxc.services.lookup import as_id

PURCHASE_TYPES = frozenset({"purchase_order", "purchase_receipt", "purchase_return"})
#: what a document and its lines say about money
PRICE_KEYS = (
    "price",
    "entered_price",
    "tax_rate",
    "net_amount",
    "tax",
    "total",
    "total_before_order_discount",
    "order_discount",
    "line_discount_rate",
    "line_discount",
    "order_discount_share",
)

d, ln, m = inventory.document, inventory.document_line, inventory.stock_move
p, w, pt, u = catalog.product, catalog.warehouse, catalog.partner, access.user_account
target = aliased(w)
_NEWEST_FIRST = (d.c.date.desc(), d.c.id.desc())


def _header() -> Any:
    creator = aliased(u)
    approver = aliased(u)
    seller = aliased(u)
    source = aliased(d)
    return (
        select(
            d.c.id,
            d.c.type,
            d.c.number,
            d.c.date,
            d.c.status,
            w.c.code.label("warehouse"),
            target.c.code.label("to_warehouse"),
            pt.c.code.label("partner"),
            d.c.reason,
            d.c.remarks,
            d.c.two_step,
            d.c.expected_return_date,
            d.c.red_letter,
            d.c.expected_date,
            d.c.due_date,
            d.c.order_discount,
            source.c.number.label("source_document"),
            creator.c.username.label("created_by"),
            seller.c.username.label("salesperson"),
            approver.c.username.label("approved_by"),
            d.c.approved_at,
            d.c.created_at,
            d.c.updated_at,
        )
        .join(w, w.c.id == d.c.warehouse_id)
        .outerjoin(target, target.c.id == d.c.to_warehouse_id)
        .outerjoin(pt, pt.c.id == d.c.partner_id)
        .outerjoin(creator, creator.c.id == d.c.created_by)
        .outerjoin(seller, seller.c.id == d.c.salesperson_id)
        .outerjoin(approver, approver.c.id == d.c.approved_by)
        .outerjoin(source, source.c.id == d.c.source_document_id)
    )


@dataclass(frozen=True)
class DocumentFilter:
    """What a documents list is narrowed to; ``types`` to a set of types (the trading lists)."""

    type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    product_id: int | None = None
    warehouse_id: int | None = None
    q: str | None = None
    types: Sequence[str] = ()
    partner_id: int | None = None


def list_documents(
    session: Session,
    actor: Actor,
    *,
    limit: int = 50,
    offset: int = 0,
    **narrowed: Any,
) -> tuple[list[dict[str, Any]], int]:
    """Documents newest first, narrowed as a ``DocumentFilter`` says; each row carries its
    trading total (价税合计; None for stock documents)."""
    query = _listing(actor, DocumentFilter(**narrowed))
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(*_NEWEST_FIRST).limit(limit).offset(offset))
    return [_listed(actor, r) for r in rows.mappings()], count


def stream_documents(
    session: Session, actor: Actor, narrowed: DocumentFilter
) -> Iterator[dict[str, Any]]:
    """Every document of the list (for export), fetched in batches as they are written."""
    query = _listing(actor, narrowed).order_by(*_NEWEST_FIRST).execution_options(yield_per=500)
    for row in session.execute(query).mappings():
        yield _listed(actor, row)


def _listing(actor: Actor, f: DocumentFilter) -> Any:
    actor.require(Permission.STOCK_READ)
    totals = (
        select(
            ln.c.document_id,
            # the sum as a scaled figure: PostgreSQL's NUMERIC sum is never cast back to BIGINT
            type_coerce(func.sum(ln.c.net_amount + ln.c.tax), Scaled(MONEY_SCALE)).label("total"),
        )
        .where(ln.c.removed.is_(False))
        .group_by(ln.c.document_id)
        .subquery()
    )
    query = _header().add_columns(totals.c.total)
    query = query.outerjoin(totals, totals.c.document_id == d.c.id)
    return _filtered(query, f).where(*document_scope(actor))


def _filtered(query: Any, f: DocumentFilter) -> Any:
    """``query`` narrowed by the list's filters."""
    if f.types:
        query = query.where(d.c.type.in_(list(f.types)))
    if f.partner_id is not None:
        query = query.where(d.c.partner_id == f.partner_id)
    for column, value in ((d.c.type, f.type), (d.c.status, f.status)):
        if value:
            query = query.where(column == value)
    if f.since:
        query = query.where(d.c.date >= f.since)
    if f.until:
        query = query.where(d.c.date <= f.until)
    if f.warehouse_id is not None:
        query = query.where(
            or_(d.c.warehouse_id == f.warehouse_id, d.c.to_warehouse_id == f.warehouse_id)
        )
    if f.product_id is not None:
        query = query.where(
            d.c.id.in_(
                select(ln.c.document_id).where(
                    ln.c.product_id == f.product_id, ln.c.removed.is_(False)
                )
            )
        )
    if f.q:
        query = query.where(or_(contains(d.c.number, f.q), contains(d.c.remarks, f.q)))
    return query


def document_scope(actor: Actor) -> list[Any]:
    """The documents the caller may read, as SQL: in a warehouse (or, without a warehouse
    scope, an organisation) of their scope and, 仅本人单据, their own — ``Actor.sees_document``,
    the rule the services resolve every named document by, written for the read side."""
    where = own_documents(actor)
    if actor.warehouse_ids is not None:
        where.append(d.c.warehouse_id.in_(sorted(actor.warehouse_ids)))
    elif actor.organisation_ids is not None:
        where.append(d.c.organisation_id.in_(sorted(actor.organisation_ids)))
    return where


def own_documents(actor: Actor) -> list[Any]:
    """For a caller who sees only their own documents (仅本人单据): stock documents, and the
    trading documents they made or are 业务员 on; nothing to add for anyone else."""
    if not actor.own_documents:
        return []
    trade = [t.value for t in TRADE_TYPES]
    mine = or_(d.c.salesperson_id == actor.user_id, d.c.created_by == actor.user_id)
    return [or_(d.c.type.not_in(trade), mine)]


def visible_documents(session: Session, actor: Actor, ids: Iterable[int]) -> set[int]:
    """Of ``ids``, the documents the caller may read (``document_scope``). Whatever reads a
    document by a reference (its chain, its approval steps) shows only these; the rest reads
    as not found, as a direct GET does."""
    query = select(d.c.id).where(d.c.id.in_(sorted(set(ids))), *document_scope(actor))
    return set(session.scalars(query))


def document_id(session: Session, actor: Actor, ref: str) -> int:
    """The id of the document ``ref`` (number or id) if the caller sees it; else not found."""
    condition = d.c.number == ref
    if (id := as_id(ref)) is not None:
        condition = or_(condition, d.c.id == id)
    found = session.scalar(select(d.c.id).where(condition).limit(1))
    if found is None or not visible_documents(session, actor, [found]):
        raise NotFound("document", ref)
    return int(found)


def _listed(actor: Actor, row: Any) -> dict[str, Any]:
    """A list row; a purchase total is hidden from who may not read prices."""
    total = row["total"]
    hidden = row["type"] in PURCHASE_TYPES and not actor.can(Permission.PRICE_READ)
    return {**row, "total": None if total is None or hidden else money_of(total)}


def type_of(session: Session, number: str) -> str | None:
    """The type of the document numbered ``number`` (None when there is none), to route it;
    reading it still goes through ``get_document``'s checks."""
    return session.scalar(select(d.c.type).where(d.c.number == number))


def get_document(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    """A document with its lines; posted lines carry the value they moved at."""
    actor.require(Permission.STOCK_READ)
    condition = d.c.number == ref
    if (id := as_id(ref)) is not None:
        condition = or_(condition, d.c.id == id)
    # one rule with the list's: a document listed opens, one not listed is not found
    row = session.execute(_header().where(condition, *document_scope(actor))).mappings().first()
    if row is None:
        raise NotFound("document", ref)
    header = dict(row)
    undone = aliased(m)
    posted = (
        select(m.c.line_id, func.sum(m.c.value).label("posted_value"))
        .where(
            m.c.document_id == header["id"],
            m.c.reverses_move_id.is_(None),
            m.c.pair_move_id.is_(None),
            m.c.id.not_in(
                select(undone.c.reverses_move_id).where(undone.c.reverses_move_id.is_not(None))
            ),
        )
        .group_by(m.c.line_id)
        .subquery()
    )
    lost = _lost_in_transit(header["id"])
    lines = session.execute(
        select(
            ln.c.line_no,
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            ln.c.unit,
            ln.c.qty,
            ln.c.factor,
            ln.c.base_qty,
            p.c.base_unit,
            ln.c.unit_cost,
            ln.c.amount,
            ln.c.batch_no.label("batch"),
            ln.c.production_date,
            ln.c.expiry_date.label("expiry"),
            ln.c.reason,
            ln.c.remarks,
            ln.c.book_qty,
            ln.c.counted_qty,
            posted.c.posted_value,
            ln.c.id,
            ln.c.source_line_id.label("source_line"),
            ln.c.price,
            ln.c.tax_rate,
            ln.c.net_amount,
            ln.c.tax,
            ln.c.line_discount_rate,
            ln.c.line_discount,
            ln.c.order_discount_share,
            ln.c.entered_price,
            ln.c.entered_price_tax_included,
            ln.c.received_qty,
            ln.c.short_reason,
            lost.c.lost_value,
        )
        .join(p, p.c.id == ln.c.product_id)
        .outerjoin(posted, posted.c.line_id == ln.c.id)
        .outerjoin(lost, lost.c.line_id == ln.c.id)
        .where(ln.c.document_id == header["id"], ln.c.removed.is_(False))
        .order_by(ln.c.line_no)
    ).mappings()
    see_cost = actor.can(Permission.PRICE_READ)
    header["lines"] = [_line(dict(r), see_cost, header["status"]) for r in lines]
    revalued = revaluations.of_document(session, header["id"]) if see_cost else {}
    for row in header["lines"]:
        row["revaluations"] = revalued.get(row["id"], []) if see_cost else None
    batches = _posted_batches(session, header["id"])
    for row in header["lines"]:
        row["posted_batches"] = batches.get(row["id"], [])
    if header["type"] in TRADE_TYPES:
        add_trade_figures(session, header, see_cost)
    if header["type"] in PURCHASE_TYPES and not see_cost:
        _hide_prices(header)
    return header


def _lost_in_transit(document_id: int) -> Subquery:
    """Per line, the value a two-step transfer lost on the road: its live moves out of transit
    that no receiving leg pairs with (docs/transfers.md)."""
    undone, receiving = aliased(m), aliased(m)
    return (
        select(m.c.line_id, func.sum(m.c.value).label("lost_value"))
        .where(
            m.c.document_id == document_id,
            m.c.pair_move_id.is_not(None),
            m.c.qty < 0,
            m.c.reverses_move_id.is_(None),
            m.c.id.not_in(
                select(undone.c.reverses_move_id).where(undone.c.reverses_move_id.is_not(None))
            ),
            ~exists().where(receiving.c.pair_move_id == m.c.id),
        )
        .group_by(m.c.line_id)
        .subquery()
    )


def _posted_batches(session: Session, document_id: int) -> dict[int, list[dict[str, Any]]]:
    """The batches each line moved as posted (an issue without a batch is picked first expiry
    first when it posts), in base units: the issuing leg of a transfer, nothing undone."""
    bt, undone = inventory.batch, aliased(m)
    rows = session.execute(
        select(m.c.line_id, bt.c.batch_no, func.sum(m.c.qty).label("qty"))
        .join(bt, bt.c.id == m.c.batch_id)
        .where(
            m.c.document_id == document_id,
            m.c.reverses_move_id.is_(None),
            m.c.pair_move_id.is_(None),
            m.c.id.not_in(
                select(undone.c.reverses_move_id).where(undone.c.reverses_move_id.is_not(None))
            ),
        )
        .group_by(m.c.line_id, bt.c.batch_no)
        .order_by(m.c.line_id, bt.c.batch_no)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.line_id, []).append(
            {"batch": row.batch_no, "qty": abs(qty_of(row.qty))}
        )
    return found


def _hide_prices(header: dict[str, Any]) -> None:
    """Purchase prices are for eyes with ``price.read`` (a keeper receives without them)."""
    for key in PRICE_KEYS:
        header[key] = None
    for row in header["lines"]:
        for key in PRICE_KEYS:
            row[key] = None


def _line(row: dict[str, Any], see_cost: bool, status: str) -> dict[str, Any]:
    received, lost = row.pop("received_qty"), row.pop("lost_value")
    # a two-step transfer once received: what arrived and what did not, in the line's unit
    in_unit = None if received is None else received / row["factor"]
    row["received_qty"] = in_unit
    row["short_qty"] = None if in_unit is None else row["qty"] - in_unit
    row["lost_value"] = abs(lost) if lost is not None and see_cost else None
    value = row.pop("posted_value")
    row["posted_value"] = (
        abs(value)
        if value is not None and status in ("approved", "in_transit", "reversed")
        else None
    )
    if not see_cost:
        row.update(unit_cost=None, amount=None, posted_value=None)
    return row
