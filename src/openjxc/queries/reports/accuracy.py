"""账实一致率 (stocktake accuracy) and the monthly health score, per warehouse and month.

For each warehouse and month (of the document date):

* counted lines: lines of posted stocktakes (not red-letter, not removed) with a count;
* accuracy = lines whose variance is zero / counted lines;
* gain and loss value: the values the variance lines posted to the ledger;
* days to resolve: average days from a stocktake's snapshot to its approval;
* closure rate = closed documents / documents dated in the month that were not voided
  (nor red-letter copies). A document is closed (完结) when it is posted — or, for a purchase
  or sales order, when it is fully processed: completed (已完成) or closed by hand (已关闭);
  an approved order still waiting for goods, a partial one or a draft is open;
* health score = 100 × (0.4 × closure + 0.4 × accuracy + 0.2 × resolution), where
  resolution = max(0, 1 − days to resolve / 7); a component without data is left out and
  the remaining weights are scaled up to 1 (a month with no stocktake is scored on closure).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, and_, case, extract, func, literal, select

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.documents.status import POSTED, Status
from openjxc.domain.documents.types import DocumentType
from openjxc.queries.reports.framework import Column, Context, Kind, Report, in_scope, scaled

ORDERS = (DocumentType.PURCHASE_ORDER.value, DocumentType.SALES_ORDER.value)
d, ln, m = inventory.document, inventory.document_line, inventory.stock_move
w = catalog.warehouse

WEIGHTS = {"closure": Decimal("0.4"), "accuracy": Decimal("0.4"), "resolution": Decimal("0.2")}
RESOLVE_DAYS = Decimal(7)  # variances resolved after a week or more score 0 on resolution

COLUMNS = (
    Column("warehouse", "仓库编码", "Warehouse"),
    Column("warehouse_name", "仓库名称", "Warehouse name"),
    Column("month", "月份", "Month"),
    Column("documents", "单据数", "Documents", Kind.INT, total=True),
    Column("closed_documents", "已完结单据数", "Closed documents", Kind.INT, total=True),
    Column("closure_rate", "单据完结率", "Closure rate", Kind.RATIO, sortable=False),
    Column("counted_lines", "盘点行数", "Counted lines", Kind.INT, total=True),
    Column("matched_lines", "账实相符行数", "Lines without variance", Kind.INT, total=True),
    Column("accuracy", "账实一致率", "Accuracy", Kind.RATIO, sortable=False),
    Column("gain_value", "盘盈金额", "Gain value", Kind.MONEY, total=True, cost=True),
    Column("loss_value", "盘亏金额", "Loss value", Kind.MONEY, total=True, cost=True),
    Column("days_to_resolve", "平均处理天数", "Days to resolve", Kind.RATIO, sortable=False),
    Column("health_score", "健康分", "Health score", Kind.RATIO, sortable=False),
)


def _month(column: Any) -> Any:
    return extract("year", column) * 100 + extract("month", column)


def _days(context: Context, start: Any, end: Any) -> Any:
    """Days between two timestamps, as a number, on either database."""
    if context.session.get_bind().dialect.name == "postgresql":
        return extract("epoch", end - start) / 86400
    return func.julianday(end) - func.julianday(start)


def _build(context: Context) -> Select[Any]:
    period = (d.c.date >= context.get("date_from"), d.c.date <= context.get("date_to"))
    scope = [*in_scope(d.c.warehouse_id, context)]
    if context.get("warehouse_id") is not None:
        scope.append(d.c.warehouse_id == context.get("warehouse_id"))
    posted = [s.value for s in POSTED]
    done_orders = [Status.COMPLETED.value, Status.CLOSED.value]
    closed = case((d.c.type.in_(ORDERS), d.c.status.in_(done_orders)), else_=d.c.status.in_(posted))
    month = _month(d.c.date)
    documents = (
        select(
            d.c.warehouse_id,
            month.label("month"),
            func.count().label("documents"),
            func.sum(case((closed, 1), else_=0)).label("closed_documents"),
        )
        .where(*period, *scope, d.c.status != Status.VOID.value, d.c.red_letter.is_(False))
        .group_by(d.c.warehouse_id, month)
        .subquery()
    )
    stocktake = and_(
        d.c.type == DocumentType.STOCKTAKE.value,
        d.c.status.in_(posted),
        d.c.red_letter.is_(False),
        *period,
        *scope,
    )
    values = (
        select(m.c.line_id, func.sum(m.c.value + m.c.adjustment).label("value"))
        .join(d, d.c.id == m.c.document_id)
        .where(stocktake)
        .group_by(m.c.line_id)
        .subquery()
    )
    value = func.coalesce(values.c.value, 0)
    lines = (
        select(
            d.c.warehouse_id,
            month.label("month"),
            func.count().label("counted_lines"),
            func.sum(case((ln.c.variance_qty == 0, 1), else_=0)).label("matched_lines"),
            scaled(func.sum(case((value > 0, value), else_=literal(0)))).label("gain_value"),
            scaled(-func.sum(case((value < 0, value), else_=literal(0)))).label("loss_value"),
        )
        .select_from(ln)
        .join(d, d.c.id == ln.c.document_id)
        .outerjoin(values, values.c.line_id == ln.c.id)
        .where(stocktake, ln.c.removed.is_(False), ln.c.counted_qty.is_not(None))
        .group_by(d.c.warehouse_id, month)
        .subquery()
    )
    resolved = (
        select(
            d.c.warehouse_id,
            month.label("month"),
            func.avg(_days(context, d.c.snapshot_at, d.c.approved_at)).label("days"),
        )
        .where(stocktake, d.c.snapshot_at.is_not(None), d.c.approved_at.is_not(None))
        .group_by(d.c.warehouse_id, month)
        .subquery()
    )

    def same(t: Any) -> Any:
        return and_(t.c.warehouse_id == documents.c.warehouse_id, t.c.month == documents.c.month)

    return (
        select(
            w.c.code.label("warehouse"),
            w.c.name.label("warehouse_name"),
            documents.c.month,
            documents.c.documents,
            documents.c.closed_documents,
            func.coalesce(lines.c.counted_lines, 0).label("counted_lines"),
            func.coalesce(lines.c.matched_lines, 0).label("matched_lines"),
            scaled(func.coalesce(lines.c.gain_value, 0)).label("gain_value"),
            scaled(func.coalesce(lines.c.loss_value, 0)).label("loss_value"),
            resolved.c.days.label("days_to_resolve"),
        )
        .select_from(documents)
        .join(w, w.c.id == documents.c.warehouse_id)
        .outerjoin(lines, same(lines))
        .outerjoin(resolved, same(resolved))
    )


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    return Decimal(numerator) / Decimal(denominator) if denominator else None


def _shown(value: Decimal | None, places: str = "0.0001") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), ROUND_HALF_UP)


def health_score(
    closure: Decimal | None, accuracy: Decimal | None, days_to_resolve: Decimal | None
) -> Decimal | None:
    """The documented formula: weighted mean of the components that have data, × 100."""
    resolution = None
    if days_to_resolve is not None:
        resolution = max(Decimal(0), 1 - days_to_resolve / RESOLVE_DAYS)
    parts = {"closure": closure, "accuracy": accuracy, "resolution": resolution}
    weight = sum((WEIGHTS[k] for k, v in parts.items() if v is not None), Decimal(0))
    if not weight:
        return None
    total = sum((WEIGHTS[k] * v for k, v in parts.items() if v is not None), Decimal(0))
    return (100 * total / weight).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _derive(row: dict[str, Any], context: Context) -> None:
    month = int(row["month"])
    row["month"] = f"{month // 100:04d}-{month % 100:02d}"
    closure = _ratio(row["closed_documents"], row["documents"])
    accuracy = _ratio(row["matched_lines"], row["counted_lines"])
    # an average of timestamps' differences: the database's number, read through its text
    days = None if row["days_to_resolve"] is None else Decimal(str(row["days_to_resolve"]))
    row["closure_rate"], row["accuracy"] = _shown(closure), _shown(accuracy)
    row["days_to_resolve"] = _shown(days, "0.01")
    row["health_score"] = health_score(closure, accuracy, days)


ACCURACY = Report(
    name="stocktake-accuracy",
    zh="盘点准确率（账实一致率）",
    en="Stocktake accuracy",
    columns=COLUMNS,
    build=_build,
    default_sort=("warehouse", "month"),
    filters=("from", "to", "warehouse"),
    derive=_derive,
    keys=("warehouse", "month"),
)
