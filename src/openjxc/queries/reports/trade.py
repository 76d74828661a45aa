"""销售统计 / 采购统计 (their line details, 销售明细·毛利明细 and 采购明细, are in trade_detail).

Both read the posted lines of the trading documents: a delivery (receipt) counts positive,
a return negative — returns are netted, and a red-letter copy negates what it copies. Net
amount (金额, tax-exclusive) and tax (税额) are the line's own figures. Cost of goods sold is
what the line's stock moves took out of the ledger (a return brings its cost back), so the
margin ties out to the ledger to the cent; for FIFO products the layers each move consumed
are listed by the ``cost-layers`` report.

The salesperson is the document's author (制单人): documents carry no separate 业务员 yet.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer, Select, String, case, cast, func, literal, select

from openjxc.adapters.db.tables import access, catalog, inventory
from openjxc.domain.documents.status import POSTED
from openjxc.domain.documents.types import DocumentType
from openjxc.queries.documents import own_documents
from openjxc.queries.reports.dimensions import unit_figures
from openjxc.queries.reports.framework import Column, Context, Kind, Report, in_scope, scaled

d, ln, m = inventory.document, inventory.document_line, inventory.stock_move
p, c, w = catalog.product, catalog.category, catalog.warehouse
pt, o, u = catalog.partner, catalog.organisation, access.user_account

#: 零售单/零售退货 are sales too: the ``retail`` channel, the deliveries the ``wholesale`` one
RETAIL = (DocumentType.RETAIL_SALE, DocumentType.RETAIL_RETURN)
SALES = (DocumentType.SALES_DELIVERY, DocumentType.SALES_RETURN, *RETAIL)
PURCHASES = (DocumentType.PURCHASE_RECEIPT, DocumentType.PURCHASE_RETURN)
RETURNS = (
    DocumentType.SALES_RETURN.value,
    DocumentType.PURCHASE_RETURN.value,
    DocumentType.RETAIL_RETURN.value,
)
CHANNELS = ("wholesale", "retail")
CHANNEL_LABELS: dict[str, tuple[str, str]] = {
    "wholesale": ("批发", "Wholesale"),
    "retail": ("零售", "Retail"),
}
DIMENSIONS = (
    "product",
    "category",
    "partner",
    "salesperson",
    "organisation",
    "warehouse",
    "day",
    "week",
    "month",
)
#: the sales reports also split by channel (批发 = deliveries and returns, 零售 = LSD/LSTH)
SALES_DIMENSIONS = (*DIMENSIONS, "channel")
HUNDRED = Decimal(100)


def _sign() -> Any:
    """+1 for deliveries and receipts, −1 for returns; a red-letter copy flips it."""
    kind = case((d.c.type.in_(RETURNS), -1), else_=1)
    return kind * case((d.c.red_letter.is_(True), -1), else_=1)


def channel_of() -> Any:
    """``retail`` for 零售单/零售退货, ``wholesale`` for the other sales documents."""
    return case((d.c.type.in_([t.value for t in RETAIL]), "retail"), else_="wholesale")


def documents_where(context: Context, types: tuple[DocumentType, ...]) -> list[Any]:
    """Posted documents of ``types`` dated in the period, in the caller's scope and filters
    (the ``channel`` filter narrows sales only: purchases have none)."""
    where: list[Any] = [
        d.c.type.in_([t.value for t in types]),
        d.c.status.in_([s.value for s in POSTED]),
        d.c.date >= context.get("date_from"),
        d.c.date <= context.get("date_to"),
        *in_scope(d.c.warehouse_id, context),
    ]
    if context.actor.organisation_ids is not None:
        where.append(d.c.organisation_id.in_(sorted(context.actor.organisation_ids)))
    where += own_documents(context.actor)
    for key, column in (
        ("warehouse_id", d.c.warehouse_id),
        ("partner_id", d.c.partner_id),
        ("organisation_id", d.c.organisation_id),
        ("salesperson_id", func.coalesce(d.c.salesperson_id, d.c.created_by)),
        ("document", d.c.number),
    ):
        if context.get(key) is not None:
            where.append(column == context.get(key))
    channel = context.get("channel")
    if channel is not None and any(t in RETAIL for t in types):
        retail = d.c.type.in_([t.value for t in RETAIL])
        where.append(retail if channel == "retail" else ~retail)
    return where


def trade_lines(context: Context, types: tuple[DocumentType, ...]) -> Any:
    """One row per posted line of ``types`` in the period, signed, with its cost."""
    documents = documents_where(context, types)
    cost = (
        select(m.c.line_id, func.sum(m.c.value + m.c.adjustment).label("value"))
        .join(d, d.c.id == m.c.document_id)
        .where(*documents)
        .group_by(m.c.line_id)
        .subquery()
    )
    sign = _sign()
    net = func.coalesce(ln.c.net_amount, 0) * sign
    returned = d.c.type.in_(RETURNS)
    query = (
        select(
            d.c.id.label("document_id"),
            d.c.number,
            d.c.type,
            d.c.date,
            channel_of().label("channel"),
            d.c.partner_id,
            d.c.organisation_id,
            d.c.warehouse_id,
            # 业务员: the one named on the document, else whoever created it
            func.coalesce(d.c.salesperson_id, d.c.created_by).label("salesperson_id"),
            ln.c.id.label("line_id"),
            ln.c.line_no,
            ln.c.source_line_id,
            ln.c.product_id,
            (ln.c.base_qty * sign).label("qty"),
            case((returned, ln.c.base_qty * sign), else_=0).label("returned_qty"),
            net.label("net_amount"),
            case((returned, net), else_=0).label("returned_amount"),
            (func.coalesce(ln.c.tax, 0) * sign).label("tax"),
            # the ledger's value of the line: negative when stock left (a delivery's cost)
            func.coalesce(cost.c.value, 0).label("stock_value"),
        )
        .select_from(ln)
        .join(d, d.c.id == ln.c.document_id)
        .outerjoin(cost, cost.c.line_id == ln.c.id)
        .where(*documents, *lines_where(context))
    )
    return query.subquery()


def lines_where(context: Context) -> list[Any]:
    """Line filters: not removed, the product or category asked for."""
    where: list[Any] = [ln.c.removed.is_(False)]
    if context.get("product_id") is not None:
        where.append(ln.c.product_id == context.get("product_id"))
    if context.get("category_ids") is not None:
        members = select(p.c.id).where(p.c.category_id.in_(sorted(context.get("category_ids"))))
        where.append(ln.c.product_id.in_(members))
    return where


def signed_net() -> Any:
    """A line's net amount, negative on a return (for sums without the per-line cost)."""
    return func.coalesce(ln.c.net_amount, 0) * _sign()


def _period(context: Context, day: Any, grain: str) -> Any:
    """The day, the Monday of its week, or its month (``2026-10``), as text on both databases."""
    postgres = context.session.get_bind().dialect.name == "postgresql"
    if grain == "day":
        return func.to_char(day, "YYYY-MM-DD") if postgres else func.strftime("%Y-%m-%d", day)
    if grain == "month":
        return func.to_char(day, "YYYY-MM") if postgres else func.strftime("%Y-%m", day)
    if postgres:
        return func.to_char(func.date_trunc("week", day), "YYYY-MM-DD")
    # SQLite: %w is 0 on Sunday; step back to Monday
    back = (cast(func.strftime("%w", day), Integer) + 6) % 7
    return func.date(day, literal("-").concat(cast(back, String)).concat(literal(" days")))


DIMENSION_COLUMNS: tuple[Column, ...] = (
    Column("day", "日期", "Day", dim="day"),
    Column("week", "周（周一）", "Week (Monday)", dim="week"),
    Column("month", "月份", "Month", dim="month"),
    Column("channel", "渠道", "Channel", dim="channel", labels=CHANNEL_LABELS),
    Column("organisation", "机构编码", "Organisation", dim="organisation"),
    Column("organisation_name", "机构名称", "Organisation name", dim="organisation"),
    Column("partner", "往来单位编码", "Partner", dim="partner"),
    Column("partner_name", "往来单位名称", "Partner name", dim="partner"),
    Column("salesperson", "业务员", "Salesperson", dim="salesperson"),
    Column("product", "商品编码", "Product", dim="product"),
    Column("product_name", "商品名称", "Product name", dim="product"),
    # grouped by product, its unit; grouped otherwise, the unit its products share, if one
    Column("base_unit", "单位", "Unit"),
    Column("category", "分类编码", "Category", dim="category"),
    Column("category_name", "分类名称", "Category name", dim="category"),
    Column("warehouse", "仓库编码", "Warehouse", dim="warehouse"),
    Column("warehouse_name", "仓库名称", "Warehouse name", dim="warehouse"),
)
KEYS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "channel",
    "organisation",
    "partner",
    "salesperson",
    "product",
    "category",
    "warehouse",
)


def _dimension_sql(context: Context, rows: Any) -> list[Any]:
    by = context.get("by", ("product",))
    columns: list[Any] = []
    for grain in ("day", "week", "month"):
        if grain in by:
            columns.append(_period(context, rows.c.date, grain).label(grain))
    if "channel" in by:
        columns.append(rows.c.channel.label("channel"))
    pairs = {
        "organisation": [o.c.code.label("organisation"), o.c.name.label("organisation_name")],
        "partner": [pt.c.code.label("partner"), pt.c.name.label("partner_name")],
        "salesperson": [u.c.username.label("salesperson")],
        "product": [
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit.label("base_unit"),
        ],
        "category": [c.c.code.label("category"), c.c.name.label("category_name")],
        "warehouse": [w.c.code.label("warehouse"), w.c.name.label("warehouse_name")],
    }
    for name, sql in pairs.items():
        if name in by:
            columns += sql
    return columns


def joined(rows: Any) -> Any:
    return (
        rows.join(p, p.c.id == rows.c.product_id)
        .join(w, w.c.id == rows.c.warehouse_id)
        .join(o, o.c.id == rows.c.organisation_id)
        .outerjoin(c, c.c.id == p.c.category_id)
        .outerjoin(pt, pt.c.id == rows.c.partner_id)
        .outerjoin(u, u.c.id == rows.c.salesperson_id)
    )


def _figures(sales: bool) -> tuple[Column, ...]:
    # what was paid for goods is their cost: purchase money is for eyes with price.read
    money = not sales
    columns: tuple[Column, ...] = (
        Column("qty", "数量", "Qty", Kind.QTY, total=True),
        Column("returned_qty", "退货数量", "Returned qty", Kind.QTY, total=True),
        Column("net_amount", "金额", "Net amount", Kind.MONEY, total=True, cost=money),
        Column("returned_amount", "退货金额", "Returned amount", Kind.MONEY, True, cost=money),
        Column("tax", "税额", "Tax", Kind.MONEY, total=True, cost=money),
        Column("total", "价税合计", "Total", Kind.MONEY, total=True, cost=money),
    )
    if sales:
        columns += (
            Column("cost", "销售成本", "Cost of goods sold", Kind.MONEY, True, cost=True),
            Column("gross_margin", "毛利", "Gross margin", Kind.MONEY, True, cost=True),
            Column("margin_rate", "毛利率%", "Margin %", Kind.RATIO, cost=True, sortable=False),
        )
    return columns


def _sums(rows: Any, sales: bool, context: Context) -> list[Any]:
    unit, one_unit = unit_figures(context)
    figures = [
        *unit,
        one_unit(scaled(func.sum(rows.c.qty))).label("qty"),
        one_unit(scaled(-func.sum(rows.c.returned_qty))).label("returned_qty"),
        scaled(func.sum(rows.c.net_amount)).label("net_amount"),
        scaled(-func.sum(rows.c.returned_amount)).label("returned_amount"),
        scaled(func.sum(rows.c.tax)).label("tax"),
        scaled(func.sum(rows.c.net_amount + rows.c.tax)).label("total"),
    ]
    if sales:
        figures += [
            scaled(-func.sum(rows.c.stock_value)).label("cost"),
            scaled(func.sum(rows.c.net_amount + rows.c.stock_value)).label("gross_margin"),
        ]
    return figures


def margin_rate(row: dict[str, Any], context: Context) -> None:
    """毛利率 = gross margin / net amount, in per cent to 2 decimals (none without sales)."""
    if "gross_margin" not in row:
        return
    net, margin = row.get("net_amount"), row.get("gross_margin")
    row["margin_rate"] = (
        (margin * HUNDRED / net).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if net and margin is not None
        else None
    )


def _statistics(types: tuple[DocumentType, ...], sales: bool) -> Any:
    def build(context: Context) -> Select[Any]:
        rows = trade_lines(context, types)
        dims = _dimension_sql(context, rows)
        return (
            select(*dims, *_sums(rows, sales, context))
            .select_from(joined(rows))
            .group_by(*[column.element for column in dims])
        )

    return build


_STAT_FILTERS: tuple[str, ...] = ("from", "to", "by", "product", "category", "warehouse", "partner")
_STAT_FILTERS += ("salesperson", "organisation", "document")
_SALES_FILTERS = (*_STAT_FILTERS, "channel")

SALES_STATISTICS = Report(
    name="sales-statistics",
    zh="销售统计",
    en="Sales statistics",
    columns=DIMENSION_COLUMNS + _figures(True),
    build=_statistics(SALES, True),
    default_sort=KEYS,
    filters=_SALES_FILTERS,
    derive=margin_rate,
    derive_totals=True,
    keys=KEYS,
    dimensions=SALES_DIMENSIONS,
    headline="net_amount",
)

PURCHASE_STATISTICS = Report(
    name="purchase-statistics",
    zh="采购统计",
    en="Purchase statistics",
    columns=DIMENSION_COLUMNS + _figures(False),
    build=_statistics(PURCHASES, False),
    default_sort=KEYS,
    filters=_STAT_FILTERS,
    keys=KEYS,
    dimensions=DIMENSIONS,
    headline="net_amount",
)
