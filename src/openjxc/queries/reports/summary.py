"""进销存汇总表 (stock summary): opening, inbound, outbound and closing for a date range.

One grouped query over the nearest period snapshot and the moves after it. Every figure is
a sum of the same exact integers, and every move lands in exactly one of opening, inbound
or outbound, so 期初 + 入 − 出 = 期末 holds on every row and in the totals by construction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, literal, or_, select

from openjxc.domain.catalog.units import mixed_quantity
from openjxc.queries.reports import dimensions
from openjxc.queries.reports.framework import Column, Context, Kind, Report, scaled
from openjxc.queries.reports.kinds import KIND_LABELS, MoveKind
from openjxc.queries.reports.sources import movement_totals
from openjxc.queries.units import units_by_code


def _figures() -> tuple[Column, ...]:
    columns = [
        Column("opening_qty", "期初数量", "Opening qty", Kind.QTY, total=True),
        Column("opening_amount", "期初金额", "Opening amount", Kind.MONEY, total=True, cost=True),
    ]
    for side, zh, en in (("in", "入库", "In"), ("out", "出库", "Out")):
        columns += [
            Column(f"{side}_qty", f"{zh}数量", f"{en} qty", Kind.QTY, total=True),
            Column(f"{side}_amount", f"{zh}金额", f"{en} amount", Kind.MONEY, True, True),
        ]
        for kind in MoveKind:
            kind_zh, kind_en = KIND_LABELS[kind]
            columns += [
                Column(
                    f"{side}_{kind}_qty",
                    f"{kind_zh}{zh}数量",
                    f"{en} {kind_en} qty",
                    Kind.QTY,
                    True,
                ),
                Column(
                    f"{side}_{kind}_amount",
                    f"{kind_zh}{zh}金额",
                    f"{en} {kind_en} amount",
                    Kind.MONEY,
                    True,
                    True,
                ),
            ]
    columns += [
        Column("closing_qty", "期末数量", "Closing qty", Kind.QTY, total=True),
        Column(
            "closing_in_units",
            "期末数量(辅助单位)",
            "Closing qty in units",
            sortable=False,
            dim="product",
        ),
        Column("closing_amount", "期末金额", "Closing amount", Kind.MONEY, total=True, cost=True),
    ]
    return tuple(columns)


def summary_query(
    context: Context, start: Any, end: Any, mixed_quantities: bool = False
) -> Select[Any]:
    """The grouped summary for ``start``..``end`` (also the base of turnover and ABC).

    A row grouped without the product shows quantities only when its products share one
    unit (``dimensions.unit_figures``); ``mixed_quantities`` keeps the raw sums for callers
    that only compare them with zero, and show them through :func:`one_unit_shown`."""
    # one row per grouped stream set, side and kind: no finer than the report groups
    rows = movement_totals(context, start, end, *dimensions.keys(context))
    dims = dimensions.selected(context)
    unit, one_unit = dimensions.unit_figures(context)
    if mixed_quantities:
        one_unit = lambda qty: qty  # noqa: E731

    def total(condition: Any, column: Any, sign: int = 1) -> Any:
        summed = func.sum(case((condition, column), else_=literal(0)))
        figure = scaled(summed if sign > 0 else -summed)
        return one_unit(figure) if column.key == "qty" else figure

    figures = [
        *unit,
        total(rows.c.side == "open", rows.c.qty).label("opening_qty"),
        total(rows.c.side == "open", rows.c.value).label("opening_amount"),
    ]
    for side, sign in (("in", 1), ("out", -1)):
        figures += [
            total(rows.c.side == side, rows.c.qty, sign).label(f"{side}_qty"),
            total(rows.c.side == side, rows.c.value, sign).label(f"{side}_amount"),
        ]
        for kind in MoveKind:
            both = (rows.c.side == side) & (rows.c.kind == kind.value)
            figures += [
                total(both, rows.c.qty, sign).label(f"{side}_{kind}_qty"),
                total(both, rows.c.value, sign).label(f"{side}_{kind}_amount"),
            ]
    figures += [
        one_unit(scaled(func.sum(rows.c.qty))).label("closing_qty"),
        scaled(func.sum(rows.c.value)).label("closing_amount"),
    ]
    moved = func.sum(case((rows.c.side != "open", 1), else_=0))
    query = (
        select(*dims, *figures)
        .select_from(dimensions.joined(rows))
        .group_by(*[column.element for column in dims])
        .having(
            or_(
                moved > 0,
                func.sum(case((rows.c.side == "open", rows.c.qty), else_=0)) != 0,
                func.sum(case((rows.c.side == "open", rows.c.value), else_=0)) != 0,
            )
        )
    )
    return query


def one_unit_shown(summary: Any, qty: Any) -> Any:
    """A quantity of a ``mixed_quantities`` summary row as shown: none when its unit is none
    (products of several units)."""
    return case((summary.c.base_unit.is_not(None), qty))


def in_units(rows: list[dict[str, Any]], context: Context) -> None:
    """期末数量 as people count it (58袋, 1箱5个), for rows of one product each."""
    if "product" not in context.get("by", ("product",)):
        return
    units = units_by_code(context.session, (r["product"] for r in rows))
    for row in rows:
        shown = units.get(row["product"], [])
        row["closing_in_units"] = mixed_quantity(row["closing_qty"], row["base_unit"], shown)


def _build(context: Context) -> Select[Any]:
    return summary_query(context, context.get("date_from"), context.get("date_to"))


SUMMARY = Report(
    name="stock-summary",
    zh="进销存汇总表",
    en="Stock summary",
    columns=dimensions.COLUMNS + _figures(),
    build=_build,
    default_sort=("product", "category", "warehouse"),
    filters=("from", "to", "by", "product", "warehouse", "category"),
    keys=dimensions.KEYS,
    headline="closing_amount",
    annotate=in_units,
)
