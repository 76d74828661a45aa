"""`jxc doctor` for the books: recompute every cache from the ledger and compare.

Every check is one SQL aggregate, so memory stays bounded however long the ledger is.
Each returns human-readable problems; an empty list means the books reconcile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import BigInteger, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from openjxc.adapters.db.snapshots import month_bounds
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.adapters.db.types import Scaled, money_of, qty_of
from openjxc.domain.documents.status import POSTED, Status
from openjxc.domain.documents.types import RULES, Direction, DocumentType
from openjxc.domain.shared.numbers import QTY_SCALE
from openjxc.queries.reports import period_totals
from openjxc.queries.trading import checks as trading_checks
from openjxc.queries.valuation_checks import valuations_match

m, sb, bb, fl = (
    inventory.stock_move,
    inventory.stock_balance,
    inventory.batch_balance,
    inventory.fifo_layer,
)
d, ln = inventory.document, inventory.document_line
p, w = catalog.product, catalog.warehouse
LIMIT = 50  # problems reported per check
STREAM_CHUNK = 5000  # rows fetched at a time from a long result


def _sums() -> Subquery:
    return (
        select(
            m.c.product_id,
            m.c.warehouse_id,
            func.sum(m.c.qty).label("qty"),
            func.sum(m.c.value + m.c.adjustment).label("value"),
        )
        .group_by(m.c.product_id, m.c.warehouse_id)
        .subquery()
    )


def balances_match_moves(session: Session) -> list[str]:
    """Each stock balance equals the sum of its stream's moves (quantity and value)."""
    sums = _sums()
    rows = session.execute(
        select(
            sb.c.product_id,
            sb.c.warehouse_id,
            sb.c.on_hand,
            sb.c.value,
            sums.c.qty,
            sums.c.value.label("ledger_value"),
        )
        .outerjoin(
            sums,
            and_(sums.c.product_id == sb.c.product_id, sums.c.warehouse_id == sb.c.warehouse_id),
        )
        .where(
            or_(
                func.coalesce(sums.c.qty, 0) != sb.c.on_hand,
                func.coalesce(sums.c.value, 0) != sb.c.value,
            )
        )
        .limit(LIMIT)
    ).all()
    missing = session.execute(
        select(sums.c.product_id, sums.c.warehouse_id)
        .outerjoin(
            sb, and_(sums.c.product_id == sb.c.product_id, sums.c.warehouse_id == sb.c.warehouse_id)
        )
        .where(sb.c.product_id.is_(None))
        .limit(LIMIT)
    ).all()
    return [
        f"balance of product {r.product_id} in warehouse {r.warehouse_id}: cache {r.on_hand} / {r.value}, "
        f"ledger {qty_of(r.qty)} / {money_of(r.ledger_value)}"
        for r in rows
    ] + [
        f"product {r.product_id} in warehouse {r.warehouse_id} has moves but no balance"
        for r in missing
    ]


def running_balances_match(session: Session) -> list[str]:
    """Each move's running quantity and value equal the cumulative sums up to it."""
    order = (m.c.date, m.c.id)
    stream = (m.c.product_id, m.c.warehouse_id)
    running = select(
        m.c.id,
        m.c.qty_after,
        m.c.value_after,
        func.sum(m.c.qty).over(partition_by=stream, order_by=order).label("qty_sum"),
        func.sum(m.c.value + m.c.adjustment)
        .over(partition_by=stream, order_by=order)
        .label("value_sum"),
    ).subquery()
    rows = session.execute(
        select(running)
        .where(
            or_(
                running.c.qty_after != running.c.qty_sum,
                running.c.value_after != running.c.value_sum,
            )
        )
        .limit(LIMIT)
    ).all()
    return [
        f"move {r.id}: running balance {r.qty_after} / {r.value_after} does not add up"
        for r in rows
    ]


def batches_match_moves(session: Session) -> list[str]:
    sums = (
        select(m.c.batch_id, m.c.warehouse_id, func.sum(m.c.qty).label("qty"))
        .where(m.c.batch_id.is_not(None))
        .group_by(m.c.batch_id, m.c.warehouse_id)
        .subquery()
    )
    rows = session.execute(
        select(bb.c.batch_id, bb.c.warehouse_id, bb.c.on_hand, sums.c.qty)
        .outerjoin(
            sums, and_(sums.c.batch_id == bb.c.batch_id, sums.c.warehouse_id == bb.c.warehouse_id)
        )
        .where(func.coalesce(sums.c.qty, 0) != bb.c.on_hand)
        .limit(LIMIT)
    ).all()
    return [
        f"batch {r.batch_id} in warehouse {r.warehouse_id}: cache {r.on_hand}, ledger {qty_of(r.qty)}"
        for r in rows
    ]


def fifo_layers_match(session: Session) -> list[str]:
    """The layers of a FIFO stream hold exactly its quantity and value."""
    layers = (
        select(
            fl.c.product_id,
            fl.c.warehouse_id,
            func.sum(fl.c.qty).label("qty"),
            func.sum(fl.c.value).label("value"),
        )
        .group_by(fl.c.product_id, fl.c.warehouse_id)
        .subquery()
    )
    rows = session.execute(
        select(
            sb.c.product_id,
            sb.c.warehouse_id,
            sb.c.on_hand,
            sb.c.value,
            layers.c.qty,
            layers.c.value.label("layer_value"),
        )
        .join(p, p.c.id == sb.c.product_id)
        .outerjoin(
            layers,
            and_(
                layers.c.product_id == sb.c.product_id, layers.c.warehouse_id == sb.c.warehouse_id
            ),
        )
        .where(p.c.valuation_method == "fifo")
        .where(
            or_(
                func.coalesce(layers.c.qty, 0) != sb.c.on_hand,
                func.coalesce(layers.c.value, 0) != sb.c.value,
            )
        )
        .limit(LIMIT)
    ).all()
    return [
        f"FIFO layers of product {r.product_id} in warehouse {r.warehouse_id} do not add up to the balance"
        for r in rows
    ]


def never_negative(session: Session) -> list[str]:
    """No stream or batch of a warehouse that forbids negative stock ever went below zero."""
    rows = session.execute(
        select(
            m.c.id, m.c.product_id, m.c.warehouse_id, m.c.date, m.c.qty_after, m.c.batch_qty_after
        )
        .join(w, w.c.id == m.c.warehouse_id)
        .where(w.c.allow_negative_stock.is_(False), or_(m.c.qty_after < 0, m.c.batch_qty_after < 0))
        .limit(LIMIT)
    ).all()
    return [
        f"move {r.id} ({r.date}) took product {r.product_id} in warehouse {r.warehouse_id} below zero"
        for r in rows
    ]


def documents_match_moves(session: Session) -> list[str]:
    """A posted document's lines are in the ledger exactly once; an unposted one's net to zero."""
    net = (
        select(m.c.line_id, m.c.warehouse_id, func.sum(m.c.qty).label("qty"))
        .group_by(m.c.line_id, m.c.warehouse_id)
        .subquery()
    )
    problems: list[str] = []
    posted = [s.value for s in POSTED]
    for kind, rule in RULES.items():
        if kind is DocumentType.STOCKTAKE:
            problems += _stocktake_lines(session, net)
            continue
        if rule.direction is Direction.NONE:  # orders move no stock
            continue
        outbound = rule.direction in (Direction.OUT, Direction.TRANSFER)
        # compare scaled integers column to column: a bound literal would be scaled too
        forward = -func.coalesce(net.c.qty, 0) if outbound else func.coalesce(net.c.qty, 0)
        # a red-letter document moves the other way
        moved = case((d.c.red_letter.is_(True), -forward), else_=forward)
        rows = session.execute(
            select(d.c.number, ln.c.line_no, d.c.status, ln.c.base_qty, net.c.qty)
            .join(ln, ln.c.document_id == d.c.id)
            .outerjoin(net, and_(net.c.line_id == ln.c.id, net.c.warehouse_id == d.c.warehouse_id))
            .where(d.c.type == kind.value)
            .where(
                or_(
                    and_(d.c.status.in_(posted), ln.c.removed.is_(False), moved != ln.c.base_qty),
                    and_(d.c.status.in_(posted), ln.c.removed.is_(True), moved != literal(0)),
                    and_(d.c.status.not_in(posted), func.coalesce(net.c.qty, 0) != literal(0)),
                )
            )
            .limit(LIMIT)
        ).all()
        problems += [
            f"document {r.number} line {r.line_no} ({r.status}): ledger has {qty_of(r.qty)}"
            for r in rows
        ]
    return problems


def _stocktake_lines(session: Session, net: Subquery) -> list[str]:
    """A posted stocktake line moved exactly its variance, which is counted minus expected."""
    posted = [s.value for s in POSTED]
    net_qty = func.coalesce(net.c.qty, 0)
    moved = case((d.c.red_letter.is_(True), -net_qty), else_=net_qty)  # 红冲 moves the other way
    rows = session.execute(
        select(d.c.number, ln.c.line_no, d.c.status, net.c.qty)
        .join(ln, ln.c.document_id == d.c.id)
        .outerjoin(net, net.c.line_id == ln.c.id)
        .where(d.c.type == DocumentType.STOCKTAKE.value)
        .where(
            or_(
                and_(
                    d.c.status.in_(posted),
                    ln.c.removed.is_(False),
                    or_(
                        ln.c.variance_qty.is_(None),
                        moved != ln.c.variance_qty,
                        ln.c.variance_qty != ln.c.counted_qty - ln.c.expected_qty,
                    ),
                ),
                and_(or_(d.c.status.not_in(posted), ln.c.removed.is_(True)), moved != literal(0)),
            )
        )
        .limit(LIMIT)
    ).all()
    return [
        f"stocktake {r.number} line {r.line_no} ({r.status}): ledger has {qty_of(r.qty)}, "
        "not the variance counted minus expected"
        for r in rows
    ]


def snapshots_match(session: Session) -> list[str]:
    """Each closed month's snapshot equals the ledger's sums at its end (quantity and value)."""
    return [
        f"period {month}: snapshot of product {key[0]} in warehouse {key[1]} differs from the ledger"
        for month, key in _snapshot_mismatches(session, batch=False)
    ]


def reservations_match_demand(session: Session) -> list[str]:
    """Reserved stock equals what open sales orders still have to deliver, per stream."""
    approved = (
        select(ln.c.id, ln.c.source_line_id, ln.c.base_qty)
        .join(d, d.c.id == ln.c.document_id)
        .where(d.c.status == Status.APPROVED.value, ln.c.removed.is_(False))
        .subquery()
    )
    sourced = (
        select(approved.c.source_line_id, func.sum(approved.c.base_qty).label("qty"))
        .group_by(approved.c.source_line_id)
        .subquery()
    )
    left = ln.c.base_qty - func.coalesce(sourced.c.qty, 0)
    demand = (
        select(
            ln.c.product_id,
            d.c.warehouse_id,
            type_coerce(func.sum(case((left > 0, left), else_=0)), Scaled(QTY_SCALE)).label("qty"),
        )
        .join(d, d.c.id == ln.c.document_id)
        .outerjoin(sourced, sourced.c.source_line_id == ln.c.id)
        .where(
            d.c.type == DocumentType.SALES_ORDER.value,
            d.c.status.in_([Status.APPROVED.value, Status.PARTIAL.value]),
            ln.c.removed.is_(False),
        )
        .group_by(ln.c.product_id, d.c.warehouse_id)
        .subquery()
    )
    rows = session.execute(
        select(sb.c.product_id, sb.c.warehouse_id, sb.c.reserved, demand.c.qty)
        .outerjoin(
            demand,
            and_(
                demand.c.product_id == sb.c.product_id, demand.c.warehouse_id == sb.c.warehouse_id
            ),
        )
        .where(func.coalesce(demand.c.qty, 0) != sb.c.reserved)
        .limit(LIMIT)
    ).all()
    missing = session.execute(
        select(demand.c.product_id, demand.c.warehouse_id, demand.c.qty)
        .outerjoin(
            sb,
            and_(
                demand.c.product_id == sb.c.product_id, demand.c.warehouse_id == sb.c.warehouse_id
            ),
        )
        .where(sb.c.product_id.is_(None), demand.c.qty != literal(0))
        .limit(LIMIT)
    ).all()
    return [
        f"product {r.product_id} in warehouse {r.warehouse_id}: reserved {r.reserved}, "
        f"open sales orders demand {r.qty or 0}"
        for r in rows
    ] + [
        f"product {r.product_id} in warehouse {r.warehouse_id}: nothing reserved, "
        f"open sales orders demand {r.qty}"
        for r in missing
    ]


CHECKS: list[Callable[[Session], list[str]]] = [
    balances_match_moves,
    running_balances_match,
    valuations_match,
    batches_match_moves,
    fifo_layers_match,
    never_negative,
    documents_match_moves,
    snapshots_match,
    reservations_match_demand,
    *trading_checks.CHECKS,
]


def check_ledger(session: Session) -> list[str]:
    return [problem for check in CHECKS for problem in check(session)]


# --- snapshots: batches and stray rows (added with the reports, which start from them) ----


def snapshot_batches_match(session: Session) -> list[str]:
    """Each closed month's batch snapshot equals the batch's quantity at its end."""
    return [
        f"period {month}: snapshot of batch {key[2]} (product {key[0]}, warehouse {key[1]}) "
        "differs from the ledger"
        for month, key in _snapshot_mismatches(session, batch=True)
    ]


def _snapshot_mismatches(session: Session, batch: bool) -> list[tuple[str, tuple[Any, ...]]]:
    """The (month, stream or batch) whose snapshot disagrees with the ledger, in one pass.

    The ledger is read once, summed per stream (or batch) and per *interval* between
    consecutive closed months; walking each stream's intervals in order gives its balance at
    every closed month's end. (Comparing each month with a window over all earlier moves
    read the whole ledger once per closed month: 36 months of history, 36 scans.)
    """
    months = sorted(session.scalars(select(inventory.period.c.month)))
    if not months:
        return []
    # the closed month whose interval holds the move: the first month ending after it
    interval = case(
        *((m.c.date < month_bounds(month)[1], literal(month)) for month in months)
    ).label("month")
    keys = [m.c.product_id, m.c.warehouse_id] + ([m.c.batch_id] if batch else [])
    deltas = session.execute(
        select(
            *keys,
            interval,
            _raw(func.sum(m.c.qty)),
            _raw(func.sum(m.c.value + m.c.adjustment)),
        )
        .where(
            m.c.date < month_bounds(months[-1])[1],
            *([m.c.batch_id.is_not(None)] if batch else []),
        )
        .group_by(*keys, interval)
        .order_by(*keys, interval)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    ps = inventory.period_snapshot
    snap_keys = [ps.c.product_id, ps.c.warehouse_id] + ([ps.c.batch_id] if batch else [])
    snapshots = session.execute(
        select(*snap_keys, ps.c.month, _raw(ps.c.qty), _raw(ps.c.value))
        .where(ps.c.batch_id.is_not(None) if batch else ps.c.batch_id.is_(None))
        .order_by(*snap_keys, ps.c.month)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    width = len(keys)
    found: list[tuple[str, tuple[Any, ...]]] = []
    for key, moved, snapped in _merge_by_key(deltas, snapshots, width):
        sums = {r[width]: (r[width + 1], r[width + 2]) for r in moved}
        taken = {r[width]: (r[width + 1], r[width + 2]) for r in snapped}
        qty, value, seen = 0, 0, False  # stored integers: exact, and cheap to read
        for month in months:
            if month in sums:
                qty, value, seen = qty + sums[month][0], value + sums[month][1], True
            if not seen:
                continue  # no move yet: a snapshot row here is a stray (checked below)
            snap = taken.get(month)
            if snap is None or snap[0] != qty or (not batch and snap[1] != value):
                found.append((month, key))
                if len(found) >= LIMIT:
                    return found
    return found


def _raw(figure: Any) -> Any:
    """A quantity or money column as the integer it is stored as (no Decimal per row)."""
    return type_coerce(figure, BigInteger)


def _merge_by_key(
    left: Iterable[Any], right: Iterable[Any], width: int
) -> Iterator[tuple[tuple[Any, ...], list[Any], list[Any]]]:
    """Two row streams ordered by their first ``width`` columns, joined on them: each key
    with its rows from either side (one side may have none)."""
    lefts = groupby(left, key=lambda r: tuple(r[:width]))
    rights = groupby(right, key=lambda r: tuple(r[:width]))
    a, b = next(lefts, None), next(rights, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            yield a[0], list(a[1]), []
            a = next(lefts, None)
        elif a is None or b[0] < a[0]:
            yield b[0], [], list(b[1])
            b = next(rights, None)
        else:
            yield a[0], list(a[1]), list(b[1])
            a, b = next(lefts, None), next(rights, None)


def snapshots_have_no_strays(session: Session) -> list[str]:
    """No snapshot row names a stream (or batch) that had no move before its month's end."""
    ps, pe = inventory.period_snapshot, inventory.period
    problems: list[str] = []
    for (month,) in session.execute(select(pe.c.month)).all():
        _, end = month_bounds(month)
        moved = (
            select(m.c.id)
            .where(
                m.c.product_id == ps.c.product_id,
                m.c.warehouse_id == ps.c.warehouse_id,
                m.c.date < end,
                or_(ps.c.batch_id.is_(None), m.c.batch_id == ps.c.batch_id),
            )
            .exists()
        )
        rows = session.execute(
            select(ps.c.product_id, ps.c.warehouse_id, ps.c.batch_id)
            .where(ps.c.month == month, ~moved)
            .limit(LIMIT)
        ).all()
        problems += [
            f"period {month}: snapshot row for product {r[0]} in warehouse {r[1]}"
            f"{f' batch {r[2]}' if r[2] is not None else ''} has no move before the month's end"
            for r in rows
        ]
    return problems


CHECKS += [snapshot_batches_match, snapshots_have_no_strays]


def period_totals_match(session: Session) -> list[str]:
    """Each closed month's stored totals (the dashboard reads them) equal a recomputation."""
    return [
        f"period {month}: stored month totals differ from the ledger and the documents"
        for month in period_totals.mismatched_months(session)
    ][:LIMIT]


CHECKS += [period_totals_match]
