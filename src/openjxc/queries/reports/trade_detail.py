"""销售明细·毛利明细, 采购明细 and 成本层明细: the lines behind the trade statistics.

Each row of the details is one posted line (a return negative), with its document number,
so every figure of 销售统计 can be traced to the deliveries it sums. ``cost-layers`` lists the
FIFO layers each delivery line consumed (which receipt, how much, at what cost), as the
valuation recorded them when it posted.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from openjxc.adapters.db.tables import inventory
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.numbers import PRICE_SCALE
from openjxc.queries.reports.framework import Column, Context, Kind, Report, in_scope, scaled
from openjxc.queries.reports.trade import (
    CHANNEL_LABELS,
    PURCHASES,
    SALES,
    joined,
    margin_rate,
    o,
    p,
    pt,
    trade_lines,
    u,
    w,
)
from openjxc.queries.reports.trade import c as category
from openjxc.queries.trading.statement_export import SOURCE_LABELS

d, m, sl = inventory.document, inventory.stock_move, inventory.stock_move_layer
PRICE = Decimal(1).scaleb(-PRICE_SCALE)

_HEAD = (
    Column("date", "日期", "Date", Kind.DATE),
    Column("number", "单据编号", "Document"),
    Column("type", "单据类型", "Type", labels=SOURCE_LABELS),
    Column("line_no", "行号", "Line", Kind.INT),
    Column("source_number", "源单号", "Source document"),
    Column("partner", "往来单位编码", "Partner"),
    Column("partner_name", "往来单位名称", "Partner name"),
    Column("salesperson", "业务员", "Salesperson"),
    Column("organisation", "机构", "Organisation"),
    Column("warehouse", "仓库", "Warehouse"),
    Column("product", "商品编码", "Product"),
    Column("product_name", "商品名称", "Product name"),
    Column("base_unit", "单位", "Unit"),
    Column("category", "分类", "Category"),
    Column("qty", "数量", "Qty", Kind.QTY, total=True),
)
#: the money of a line: a sale's for anyone who may see the sale, a purchase's only for
#: eyes with price.read (what was paid for goods is their cost)
_SALE_MONEY = (
    Column("net_amount", "金额", "Net amount", Kind.MONEY, total=True),
    Column("tax", "税额", "Tax", Kind.MONEY, total=True),
    Column("total", "价税合计", "Total", Kind.MONEY, total=True),
)
#: a sales line's channel (批发/零售), after its document type
_SALES_HEAD = (*_HEAD[:3], Column("channel", "渠道", "Channel", labels=CHANNEL_LABELS), *_HEAD[3:])
_PURCHASE_MONEY = tuple(replace(c, cost=True) for c in _SALE_MONEY)
_COST = (
    Column("unit_cost", "成本单价", "Unit cost", Kind.PRICE, cost=True, sortable=False),
    Column("cost", "销售成本", "Cost of goods sold", Kind.MONEY, total=True, cost=True),
    Column("gross_margin", "毛利", "Gross margin", Kind.MONEY, total=True, cost=True),
    Column("margin_rate", "毛利率%", "Margin %", Kind.RATIO, cost=True, sortable=False),
    Column("fifo_layers", "先进先出成本层数", "FIFO layers", Kind.INT),
)


def _layers_per_line() -> Any:
    return (
        select(m.c.line_id, func.count(sl.c.id).label("layers"))
        .join(sl, sl.c.move_id == m.c.id)
        .group_by(m.c.line_id)
        .subquery()
    )


def _detail(types: tuple[DocumentType, ...], sales: bool) -> Any:
    def build(context: Context) -> Select[Any]:
        rows = trade_lines(context, types)
        figures = [
            scaled(rows.c.qty).label("qty"),
            scaled(rows.c.net_amount).label("net_amount"),
            scaled(rows.c.tax).label("tax"),
            scaled(rows.c.net_amount + rows.c.tax).label("total"),
        ]
        # a return names the delivery (receipt) it returns; a receipt its order
        source_line, source_doc = aliased(inventory.document_line), aliased(d)
        source: Any = (
            joined(rows)
            .outerjoin(source_line, source_line.c.id == rows.c.source_line_id)
            .outerjoin(source_doc, source_doc.c.id == source_line.c.document_id)
        )
        if sales:
            layers = _layers_per_line()
            source = source.outerjoin(layers, layers.c.line_id == rows.c.line_id)
            figures += [
                scaled(-rows.c.stock_value).label("cost"),
                scaled(rows.c.net_amount + rows.c.stock_value).label("gross_margin"),
                func.coalesce(layers.c.layers, 0).label("fifo_layers"),
            ]
        return select(
            rows.c.date,
            rows.c.number,
            rows.c.type,
            *([rows.c.channel] if sales else []),
            rows.c.line_no,
            source_doc.c.number.label("source_number"),
            pt.c.code.label("partner"),
            pt.c.name.label("partner_name"),
            u.c.username.label("salesperson"),
            o.c.code.label("organisation"),
            w.c.code.label("warehouse"),
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit.label("base_unit"),
            category.c.code.label("category"),
            *figures,
        ).select_from(source)

    return build


def _unit_cost(row: dict[str, Any], context: Context) -> None:
    """成本单价 = cost / quantity, to the price scale; then the margin rate."""
    qty, cost = row.get("qty"), row.get("cost")
    row["unit_cost"] = (cost / qty).quantize(PRICE) if qty and cost is not None else None
    margin_rate(row, context)


_FILTERS: tuple[str, ...] = (
    "from",
    "to",
    "product",
    "category",
    "warehouse",
    "partner",
    "salesperson",
)
_FILTERS += ("organisation", "document")
_SALES_FILTERS = (*_FILTERS, "channel")
_KEYS = ("date", "number", "line_no")

SALES_DETAIL = Report(
    name="sales-detail",
    zh="销售明细（毛利明细）",
    en="Sales detail (margin per line)",
    columns=_SALES_HEAD + _SALE_MONEY + _COST,
    build=_detail(SALES, True),
    default_sort=_KEYS,
    filters=_SALES_FILTERS,
    derive=_unit_cost,
    keys=_KEYS,
    dimensions=(),
)

PURCHASE_DETAIL = Report(
    name="purchase-detail",
    zh="采购明细",
    en="Purchase detail",
    columns=_HEAD + _PURCHASE_MONEY,
    build=_detail(PURCHASES, False),
    default_sort=_KEYS,
    filters=_FILTERS,
    keys=_KEYS,
    dimensions=(),
)


def _layers(context: Context) -> Select[Any]:
    """Each FIFO layer a sales line's moves consumed, with the receipt that laid it."""
    layer_move, layer_doc = aliased(m), aliased(d)
    rows = trade_lines(context, SALES)
    return (
        select(
            rows.c.date,
            rows.c.number,
            rows.c.line_no,
            p.c.code.label("product"),
            w.c.code.label("warehouse"),
            sl.c.id.label("layer_id"),
            layer_doc.c.number.label("source_number"),
            layer_move.c.date.label("source_date"),
            scaled(sl.c.qty).label("qty"),
            scaled(sl.c.value).label("value"),
        )
        .select_from(rows)
        .join(m, m.c.line_id == rows.c.line_id)
        .join(sl, sl.c.move_id == m.c.id)
        .join(p, p.c.id == rows.c.product_id)
        .join(w, w.c.id == rows.c.warehouse_id)
        .outerjoin(layer_move, layer_move.c.id == sl.c.layer_move_id)
        .outerjoin(layer_doc, layer_doc.c.id == layer_move.c.document_id)
        .where(*in_scope(m.c.warehouse_id, context))
    )


def _layer_cost(row: dict[str, Any], context: Context) -> None:
    qty, value = row.get("qty"), row.get("value")
    row["unit_cost"] = (value / qty).quantize(PRICE) if qty and value is not None else None


COST_LAYERS = Report(
    name="cost-layers",
    zh="成本层明细（先进先出）",
    en="FIFO layers consumed",
    columns=(
        Column("date", "日期", "Date", Kind.DATE),
        Column("number", "单据编号", "Document"),
        Column("line_no", "行号", "Line", Kind.INT),
        Column("product", "商品编码", "Product"),
        Column("warehouse", "仓库", "Warehouse"),
        Column("layer_id", "成本层", "Layer", Kind.INT),
        Column("source_number", "来源单据", "Layer from document"),
        Column("source_date", "来源日期", "Layer date", Kind.DATE),
        Column("qty", "数量", "Qty", Kind.QTY, total=True),
        Column("unit_cost", "成本单价", "Unit cost", Kind.PRICE, cost=True, sortable=False),
        Column("value", "成本金额", "Cost", Kind.MONEY, total=True, cost=True),
    ),
    build=_layers,
    default_sort=("date", "number", "line_no", "layer_id"),
    filters=("from", "to", "product", "warehouse", "partner", "document"),
    derive=_layer_cost,
    keys=("date", "number", "line_no", "layer_id"),
    dimensions=(),
)
