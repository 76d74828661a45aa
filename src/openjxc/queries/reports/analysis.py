"""Turnover (周转率, days of stock), ABC analysis and 呆滞/高风险商品 (slow movers).

All three stand on the stock summary of a period (one grouped query from the nearest
snapshot). Definitions, written once here and in docs/reports.md:

* consumption = outbound value (or quantity) of the consuming kinds (sales, other issues,
  write-offs: ``kinds.CONSUMING``), net of reversals and of sales returns; transfers and stocktake variances are
  not consumption;
* average inventory = (opening value + closing value) / 2;
* turnover = consumption / average inventory; days of stock = days in period / turnover;
* ABC: items by consumption value, largest first; an item is A while the share consumed
  before it is below ``a`` (default 0.8), B while below ``b`` (default 0.95), else C — so
  the largest item is always A; items that consumed nothing are C;
* slow mover: closing stock > 0 and, over the last ``days`` (default 30) days, either no
  consumption at all or a turnover below ``threshold`` (default 0.3).

Ratios are ordered in SQL by an integer key (×10⁴) and shown rounded half-up from exact
Decimals computed per row.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, case, func, literal, select

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.queries.reports import dimensions
from openjxc.queries.reports.framework import Column, Context, Kind, Report
from openjxc.queries.reports.kinds import CONSUMING, MoveKind
from openjxc.queries.reports.summary import one_unit_shown, summary_query

BASIS = 10_000  # ratio keys in SQL are integers scaled by this
SLOW_DAYS, SLOW_TURNOVER = 30, Decimal("0.3")
A_SHARE, B_SHARE = Decimal("0.8"), Decimal("0.95")

FIGURES = (
    Column("opening_amount", "期初金额", "Opening amount", Kind.MONEY, total=True, cost=True),
    Column("closing_qty", "期末数量", "Closing qty", Kind.QTY, total=True),
    Column("closing_amount", "期末金额", "Closing amount", Kind.MONEY, total=True, cost=True),
    Column("consumption_qty", "消耗数量", "Consumption qty", Kind.QTY, total=True),
    Column(
        "consumption_amount", "消耗金额", "Consumption amount", Kind.MONEY, total=True, cost=True
    ),
    Column(
        "average_inventory",
        "平均库存金额",
        "Average inventory",
        Kind.MONEY,
        cost=True,
        sortable=False,
    ),
    Column("turnover", "周转率", "Turnover", Kind.RATIO, cost=True),
    Column("days_of_stock", "周转天数", "Days of stock", Kind.RATIO, cost=True),
)


def _consumed(rows: Any, measure: str) -> Any:
    total: Any = literal(0)
    for kind in CONSUMING:
        total = total + rows.c[f"out_{kind}_{measure}"]
    # what customers bring back was not consumed: sales returns (inbound sales) net out
    return total - rows.c[f"in_{MoveKind.SALES}_{measure}"]


def _ratios(summary: Any, days: int) -> list[Any]:
    """Consumption, and the integer keys of turnover and days of stock, over ``summary``."""
    consumption = _consumed(summary, "amount")
    stock_twice = summary.c.opening_amount + summary.c.closing_amount  # 2 × average
    return [
        one_unit_shown(summary, _consumed(summary, "qty")).label("consumption_qty"),
        consumption.label("consumption_amount"),
        # sort keys only (integer division on both databases); shown values come from Python
        _divided(consumption * (2 * BASIS), stock_twice).label("turnover"),
        _divided(stock_twice * (days * BASIS), 2 * consumption).label("days_of_stock"),
    ]


def _divided(numerator: Any, denominator: Any) -> Any:
    """Integer division on both databases (SQLAlchemy's ``/`` would cast to a true division)."""
    return numerator.op("/", return_type=BigInteger())(func.nullif(denominator, 0))


def _dims(summary: Any, context: Context) -> list[Any]:
    # the unit is always there: the product's, or the one its grouped products share
    return [summary.c[c.key] for c in dimensions.COLUMNS if c.dim in (*context.get("by"), None)]


def _derive_ratios(row: dict[str, Any], days: int) -> None:
    average = (row["opening_amount"] + row["closing_amount"]) / 2
    consumption = row["consumption_amount"]
    row["average_inventory"] = average.quantize(Decimal("0.01"), ROUND_HALF_UP)
    row["turnover"] = _round(consumption / average) if average else None
    row["days_of_stock"] = _round(average * days / consumption, 2) if consumption else None


def _round(value: Decimal, places: int = 4) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _period_days(context: Context) -> int:
    start: date = context.get("date_from")
    end: date = context.get("date_to")
    return (end - start).days + 1


# --- turnover ------------------------------------------------------------------------------


def _turnover(context: Context) -> Select[Any]:
    summary = summary_query(
        context, context.get("date_from"), context.get("date_to"), mixed_quantities=True
    ).subquery()
    return select(
        *_dims(summary, context),
        summary.c.opening_amount,
        one_unit_shown(summary, summary.c.closing_qty).label("closing_qty"),
        summary.c.closing_amount,
        *_ratios(summary, _period_days(context)),
    )


TURNOVER = Report(
    name="turnover",
    zh="库存周转",
    en="Stock turnover",
    columns=dimensions.COLUMNS + FIGURES,
    build=_turnover,
    default_sort=("product", "category", "warehouse"),
    filters=("from", "to", "by", "product", "warehouse", "category"),
    derive=lambda row, context: _derive_ratios(row, _period_days(context)),
    keys=dimensions.KEYS,
)


# --- ABC -------------------------------------------------------------------------------------


def _abc_prepare(context: Context) -> None:
    a, b = context.get("a", A_SHARE), context.get("b", B_SHARE)
    if not 0 < a < b <= 1:
        raise ValidationError("thresholds_out_of_order", field="a", a=a, b=b)
    context.filters = {**context.filters, "a": a, "b": b}


def _abc(context: Context) -> Select[Any]:
    summary = summary_query(
        context, context.get("date_from"), context.get("date_to"), mixed_quantities=True
    ).subquery()
    consumed = select(
        *_dims(summary, context), _consumed(summary, "amount").label("consumption_amount")
    ).subquery()
    dims = [consumed.c[c.key] for c in dimensions.COLUMNS if c.dim in (*context.get("by"), None)]
    ties = [consumed.c[k] for k in dimensions.KEYS if k in consumed.c]
    running = func.sum(consumed.c.consumption_amount).over(
        order_by=[consumed.c.consumption_amount.desc(), *ties]
    )
    total = func.sum(consumed.c.consumption_amount).over()
    before = running - consumed.c.consumption_amount
    a_key, b_key = (int(context.get(x) * BASIS) for x in ("a", "b"))
    klass = case(
        (consumed.c.consumption_amount <= 0, literal("C")),
        (before * BASIS < total * a_key, literal("A")),
        (before * BASIS < total * b_key, literal("B")),
        else_=literal("C"),
    )
    ranked = select(
        *dims,
        consumed.c.consumption_amount,
        running.label("cumulative_amount"),
        total.label("total_amount"),
        klass.label("abc_class"),
        func.row_number()
        .over(order_by=[consumed.c.consumption_amount.desc(), *ties])
        .label("rank"),
    ).subquery()
    return select(ranked)


def _abc_shares(row: dict[str, Any], context: Context) -> None:
    total = Decimal(int(row.pop("total_amount") or 0)).scaleb(-2)
    cumulative = Decimal(int(row.pop("cumulative_amount") or 0)).scaleb(-2)
    row["share"] = _round(row["consumption_amount"] / total) if total else ZERO
    row["cumulative_share"] = _round(cumulative / total) if total else ZERO


ABC = Report(
    name="abc",
    zh="ABC 分析",
    en="ABC analysis",
    columns=(
        *dimensions.COLUMNS,
        Column("rank", "排名", "Rank", Kind.INT),
        Column("consumption_amount", "消耗金额", "Consumption amount", Kind.MONEY, True, True),
        Column("share", "占比", "Share", Kind.RATIO, cost=True, sortable=False),
        Column(
            "cumulative_share",
            "累计占比",
            "Cumulative share",
            Kind.RATIO,
            cost=True,
            sortable=False,
        ),
        Column("abc_class", "ABC 类别", "Class"),
    ),
    build=_abc,
    default_sort=("rank",),
    filters=("from", "to", "by", "a", "b", "product", "warehouse", "category"),
    derive=_abc_shares,
    prepare=_abc_prepare,
    keys=dimensions.KEYS,
    headline="consumption_amount",
)


# --- slow movers -----------------------------------------------------------------------------


def _slow_window(context: Context) -> tuple[date, date, int]:
    days = int(context.get("days", SLOW_DAYS))
    end: date = context.get("as_of")
    return end - timedelta(days=days - 1), end, days


def _slow(context: Context) -> Select[Any]:
    start, end, days = _slow_window(context)
    summary = summary_query(context, start, end, mixed_quantities=True).subquery()
    figures = _ratios(summary, days)
    turnover_key = figures[2].element
    consumption = _consumed(summary, "amount")
    threshold = int(context.get("threshold", SLOW_TURNOVER) * BASIS)
    idle = _consumed(summary, "qty") == 0
    inner = (
        select(
            *_dims(summary, context),
            summary.c.opening_amount,
            one_unit_shown(summary, summary.c.closing_qty).label("closing_qty"),
            summary.c.closing_amount,
            *figures,
            case((idle, literal("no_movement")), else_=literal("low_turnover")).label("reason"),
        )
        .where(summary.c.closing_qty > 0)
        .where(idle | (func.coalesce(turnover_key, 0) < threshold) | (consumption <= 0))
    )
    return inner


_REASONS = {
    "no_movement": ("无出库", "No movement"),
    "low_turnover": ("周转过慢", "Low turnover"),
}

SLOW = Report(
    name="slow-moving",
    zh="呆滞/高风险商品",
    en="Slow-moving stock",
    columns=dimensions.COLUMNS + FIGURES + (Column("reason", "原因", "Reason", labels=_REASONS),),
    build=_slow,
    default_sort=("-closing_amount", "product"),
    filters=("as_of", "days", "threshold", "by", "product", "warehouse", "category"),
    derive=lambda row, context: _derive_ratios(row, _slow_window(context)[2]),
    keys=dimensions.KEYS,
)
