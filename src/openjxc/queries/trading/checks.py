"""Doctor checks of the partner ledger and of trading quantities (one SQL aggregate each)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import inventory, trading
from openjxc.adapters.db.types import money_of, qty_of
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.numbers import ZERO, plain
from openjxc.domain.trading.flow import ENTRIES, ORDERS, RETURNS
from openjxc.domain.trading.orders import FOLLOWING, fulfilment_status
from openjxc.queries.trading.ledger import live, settled_sums

LIMIT = 100
e, pb, s = trading.partner_entry, trading.partner_balance, trading.settlement
d, ln = inventory.document, inventory.document_line


def partner_balances_match(session: Session) -> list[str]:
    """Each partner's balance equals the sum of its ledger entries."""
    sums = (
        select(e.c.partner_id, e.c.account, func.sum(e.c.amount).label("total"))
        .group_by(e.c.partner_id, e.c.account)
        .subquery()
    )
    rows = session.execute(
        select(sums.c.partner_id, sums.c.account, sums.c.total, pb.c.balance)
        .outerjoin(pb, and_(pb.c.partner_id == sums.c.partner_id, pb.c.account == sums.c.account))
        .where(or_(pb.c.balance.is_(None), pb.c.balance != sums.c.total))
        .limit(LIMIT)
    ).all()
    orphans = session.execute(
        select(pb.c.partner_id, pb.c.account, pb.c.balance)
        .outerjoin(sums, and_(pb.c.partner_id == sums.c.partner_id, pb.c.account == sums.c.account))
        .where(sums.c.partner_id.is_(None), pb.c.balance != literal(0))
        .limit(LIMIT)
    ).all()
    return [
        f"partner {r.partner_id} {r.account}: balance {r.balance}, entries sum to "
        f"{money_of(r.total)}"
        for r in rows
    ] + [
        f"partner {r.partner_id} {r.account}: balance {r.balance} without entries" for r in orphans
    ]


def settlements_within_bounds(session: Session) -> list[str]:
    """No entry is settled below zero or beyond its amount; a reversed one not at all;
    a settlement pairs a charge with a credit of the same partner and account."""
    done = settled_sums()
    rows = session.execute(
        select(e.c.number, e.c.amount, done.c.settled, e.c.reverses_entry_id)
        .join(done, done.c.entry_id == e.c.id)
        .where(
            or_(
                done.c.settled < literal(0),
                done.c.settled > func.abs(e.c.amount),
                and_(~live(), done.c.settled != literal(0)),
            )
        )
        .limit(LIMIT)
    ).all()
    problems = [
        f"entry {r.number}: settled {money_of(r.settled)} of {r.amount}"
        + (" (reversed)" if r.reverses_entry_id else "")
        for r in rows
    ]
    charge, credit = aliased(e), aliased(e)
    pairs = session.execute(
        select(s.c.id)
        .join(charge, charge.c.id == s.c.charge_entry_id)
        .join(credit, credit.c.id == s.c.credit_entry_id)
        .where(
            or_(
                charge.c.amount <= literal(0),
                credit.c.amount >= literal(0),
                charge.c.partner_id != credit.c.partner_id,
                charge.c.account != credit.c.account,
            )
        )
        .limit(LIMIT)
    ).all()
    return problems + [
        f"settlement {r.id}: not a charge and a credit of one account" for r in pairs
    ]


def documents_match_entries(session: Session) -> list[str]:
    """An approved receipt, delivery or return is in the partner ledger once, for its total
    (a red-letter one for the opposite); one 红冲'd keeps its entry; any other status nets to
    zero."""
    totals = (
        select(ln.c.document_id, func.sum(ln.c.net_amount + ln.c.tax).label("total"))
        .where(ln.c.removed.is_(False))
        .group_by(ln.c.document_id)
        .subquery()
    )
    posted = (
        select(e.c.document_id, func.sum(e.c.amount).label("amount"))
        .where(e.c.document_id.is_not(None))
        .group_by(e.c.document_id)
        .subquery()
    )
    problems = []
    for kind, (_, sign, _) in ENTRIES.items():
        signed = totals.c.total if sign > 0 else -totals.c.total
        expected = case((d.c.red_letter.is_(True), -signed), else_=signed)
        posted_statuses = [Status.APPROVED.value, Status.REVERSED.value]
        rows = session.execute(
            select(d.c.number, d.c.status, posted.c.amount)
            .join(totals, totals.c.document_id == d.c.id)
            .outerjoin(posted, posted.c.document_id == d.c.id)
            .where(d.c.type == kind.value)
            .where(
                or_(
                    and_(
                        d.c.status.in_(posted_statuses),
                        func.coalesce(posted.c.amount, 0) != expected,
                    ),
                    and_(
                        d.c.status.not_in(posted_statuses),
                        func.coalesce(posted.c.amount, 0) != literal(0),
                    ),
                )
            )
            .limit(LIMIT)
        ).all()
        problems += [
            f"document {r.number} ({r.status}): partner ledger has {money_of(r.amount)}"
            for r in rows
        ]
    return problems


def returns_within_sources(session: Session) -> list[str]:
    """No receipt or delivery line has more returned against it than it moved."""
    ret = aliased(ln)
    rd = aliased(d)
    sums = (
        select(ret.c.source_line_id, func.sum(ret.c.base_qty).label("returned"))
        .join(rd, rd.c.id == ret.c.document_id)
        .where(
            rd.c.type.in_([k.value for k in RETURNS]),
            rd.c.status == Status.APPROVED.value,
            ret.c.removed.is_(False),
        )
        .group_by(ret.c.source_line_id)
        .subquery()
    )
    rows = session.execute(
        select(d.c.number, ln.c.line_no, ln.c.base_qty, sums.c.returned)
        .join(ln, ln.c.document_id == d.c.id)
        .join(sums, sums.c.source_line_id == ln.c.id)
        .where(sums.c.returned > ln.c.base_qty)
        .limit(LIMIT)
    ).all()
    return [
        f"document {r.number} line {r.line_no}: {qty_of(r.returned)} returned of {r.base_qty}"
        for r in rows
    ]


def order_discounts_shared_exactly(session: Session) -> list[str]:
    """A trading document's order discount (整单优惠) equals the sum of its lines' shares, to
    the cent, and no discount takes a line's amount or tax below zero."""
    shares = (
        select(
            ln.c.document_id,
            func.sum(func.coalesce(ln.c.order_discount_share, 0)).label("shared"),
            func.min(func.coalesce(ln.c.net_amount, 0)).label("least_net"),
            func.min(func.coalesce(ln.c.tax, 0)).label("least_tax"),
        )
        .where(ln.c.removed.is_(False), ln.c.net_amount.is_not(None))
        .group_by(ln.c.document_id)
        .subquery()
    )
    rows = session.execute(
        select(d.c.number, d.c.order_discount, shares.c.shared)
        .join(shares, shares.c.document_id == d.c.id)
        .where(
            or_(
                func.coalesce(d.c.order_discount, 0) != shares.c.shared,
                shares.c.least_net < literal(0),
                shares.c.least_tax < literal(0),
            )
        )
        .limit(LIMIT)
    ).all()
    return [
        f"document {r.number}: order discount {r.order_discount or 0} but its lines share "
        f"{money_of(r.shared)}, or a line is below zero"
        for r in rows
    ]


def orders_follow_their_lines(session: Session) -> list[str]:
    """An order's status is what its lines' received/delivered quantities make it (已审核,
    部分入库/出库, 已完成), and no sales order line is delivered beyond what was ordered."""
    done_line = aliased(ln)
    done_doc = aliased(d)
    done = (
        select(done_line.c.source_line_id, func.sum(done_line.c.base_qty).label("done"))
        .join(done_doc, done_doc.c.id == done_line.c.document_id)
        .where(done_doc.c.status == Status.APPROVED.value, done_line.c.removed.is_(False))
        .group_by(done_line.c.source_line_id)
        .subquery()
    )
    rows = session.execute(
        select(d.c.number, d.c.type, d.c.status, ln.c.line_no, ln.c.base_qty, done.c.done)
        .join(ln, ln.c.document_id == d.c.id)
        .outerjoin(done, done.c.source_line_id == ln.c.id)
        .where(
            d.c.type.in_([k.value for k in ORDERS]),
            d.c.status.in_([s_.value for s_ in FOLLOWING]),
            ln.c.removed.is_(False),
        )
        .order_by(d.c.number, ln.c.line_no)
    ).all()
    problems: list[str] = []
    progress: dict[tuple[str, str], list[tuple[Decimal, Decimal]]] = {}
    for r in rows:
        line_done = qty_of(r.done) if r.done is not None else ZERO
        progress.setdefault((r.number, r.status), []).append((r.base_qty, line_done))
        if r.type == DocumentType.SALES_ORDER.value and line_done > r.base_qty:
            problems.append(
                f"document {r.number} line {r.line_no}: {plain(line_done)} delivered of "
                f"{plain(r.base_qty)}"
            )
    for (number, status), lines in progress.items():
        expected = fulfilment_status(lines)
        if expected.value != status:
            problems.append(f"document {number}: status {status}, its lines make it {expected}")
    return problems[:LIMIT]


CHECKS = [
    partner_balances_match,
    settlements_within_bounds,
    documents_match_entries,
    returns_within_sources,
    order_discounts_shared_exactly,
    orders_follow_their_lines,
]
