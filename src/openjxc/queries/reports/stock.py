"""Stock at a date: valuation by product/category/warehouse, and stock by batch.

Both start from the nearest period snapshot (``sources.balances_at``). The valuation's
values are sums of the ledger's own values, so at any date they equal the ledger's running
balances and, at a month's end, the period snapshot. Batches have no value of their own
(valuation is per product and warehouse), so a batch row is valued at its stream's average
cost at that date — an allocation, marked as such in the column's name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, null, or_, select

from openjxc.adapters.db.tables import inventory
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.shared.numbers import ZERO, round_money, round_price
from openjxc.queries.reports import dimensions
from openjxc.queries.reports.framework import Column, Context, Kind, Report, scaled
from openjxc.queries.reports.sources import balances_at

bt = inventory.batch
p, w = dimensions.p, dimensions.w

VALUE_COLUMNS = (
    Column("qty", "结存数量", "Qty", Kind.QTY, total=True),
    Column(
        "unit_cost", "单位成本", "Unit cost", Kind.PRICE, cost=True, sortable=False, dim="product"
    ),
    Column("value", "结存金额", "Value", Kind.MONEY, total=True, cost=True),
)


def _valuation(context: Context) -> Select[Any]:
    rows = balances_at(context, context.get("as_of"))
    dims = dimensions.selected(context)
    unit, one_unit = dimensions.unit_figures(context)
    qty, value = func.sum(rows.c.qty), func.sum(rows.c.value)
    return (
        select(*dims, *unit, one_unit(scaled(qty)).label("qty"), scaled(value).label("value"))
        .select_from(dimensions.joined(rows))
        .group_by(*[column.element for column in dims])
        .having(or_(qty != 0, value != 0))
    )


def _unit_cost(row: dict[str, Any], context: Context) -> None:
    qty = row.get("qty") or ZERO
    row["unit_cost"] = round_price(row["value"] / qty) if qty > 0 else None


VALUATION = Report(
    name="valuation",
    zh="库存估值",
    en="Inventory valuation",
    columns=dimensions.COLUMNS + VALUE_COLUMNS,
    build=_valuation,
    default_sort=("product", "category", "warehouse"),
    filters=("as_of", "by", "product", "warehouse", "category"),
    derive=_unit_cost,
    keys=dimensions.KEYS,
    headline="value",
)


BATCH_COLUMNS = (
    Column("product", "商品编码", "Product"),
    Column("product_name", "商品名称", "Product name"),
    Column("base_unit", "单位", "Unit"),
    Column("warehouse", "仓库编码", "Warehouse"),
    Column("warehouse_name", "仓库名称", "Warehouse name"),
    Column("batch", "批次", "Batch"),
    Column("production_date", "生产日期", "Production date", Kind.DATE),
    Column("expiry_date", "有效期至", "Expiry", Kind.DATE),
    Column("qty", "结存数量", "Qty", Kind.QTY, total=True),
    Column("unit_cost", "单位成本", "Unit cost", Kind.PRICE, cost=True, sortable=False),
    Column(
        "value",
        "金额（按均价分摊）",
        "Value (at average cost)",
        Kind.MONEY,
        cost=True,
        sortable=False,
    ),
    Column("stream_qty", "商品仓库结存", "Stream qty", Kind.QTY, sortable=False),
    Column("stream_value", "商品仓库金额", "Stream value", Kind.MONEY, cost=True, sortable=False),
)


def _stock_at(context: Context) -> Select[Any]:
    """A row per batch of batch-tracked products and per stream of the others."""
    day = context.get("as_of")
    streams = balances_at(context, day)
    stream = (
        select(
            streams.c.product_id,
            streams.c.warehouse_id,
            func.sum(streams.c.qty).label("qty"),
            func.sum(streams.c.value).label("value"),
        )
        .group_by(streams.c.product_id, streams.c.warehouse_id)
        .subquery()
    )
    batches = balances_at(context, day, batch=True)
    batch = (
        select(
            batches.c.product_id,
            batches.c.warehouse_id,
            batches.c.batch_id,
            func.sum(batches.c.qty).label("qty"),
        )
        .group_by(batches.c.product_id, batches.c.warehouse_id, batches.c.batch_id)
        .subquery()
    )
    untracked = p.c.tracking == Tracking.NONE.value
    same_stream = and_(
        stream.c.product_id == batch.c.product_id, stream.c.warehouse_id == batch.c.warehouse_id
    )
    common = [
        p.c.code.label("product"),
        p.c.name.label("product_name"),
        p.c.base_unit.label("base_unit"),
        w.c.code.label("warehouse"),
        w.c.name.label("warehouse_name"),
    ]
    by_batch = (
        select(
            *common,
            bt.c.batch_no.label("batch"),
            bt.c.production_date,
            bt.c.expiry_date,
            scaled(batch.c.qty).label("qty"),
            scaled(stream.c.qty).label("stream_qty"),
            scaled(stream.c.value).label("stream_value"),
        )
        .select_from(batch)
        .join(stream, same_stream)
        .join(bt, bt.c.id == batch.c.batch_id)
        .join(p, p.c.id == batch.c.product_id)
        .join(w, w.c.id == batch.c.warehouse_id)
        .where(batch.c.qty != 0)
    )
    by_stream = (
        select(
            *common,
            null().label("batch"),
            null().label("production_date"),
            null().label("expiry_date"),
            scaled(stream.c.qty).label("qty"),
            scaled(stream.c.qty).label("stream_qty"),
            scaled(stream.c.value).label("stream_value"),
        )
        .select_from(stream)
        .join(p, p.c.id == stream.c.product_id)
        .join(w, w.c.id == stream.c.warehouse_id)
        .where(untracked, or_(stream.c.qty != 0, stream.c.value != 0))
    )
    return by_batch.union_all(by_stream).subquery().select()


def _batch_value(row: dict[str, Any], context: Context) -> None:
    qty, stream_qty = row["qty"], row.get("stream_qty") or ZERO
    cost = row["stream_value"] / stream_qty if stream_qty > 0 else None
    row["unit_cost"] = round_price(cost) if cost is not None else None
    if cost is None:
        row["value"] = None
    elif qty == stream_qty:
        row["value"] = row["stream_value"]
    else:
        row["value"] = round_money(qty * cost)


STOCK_AT = Report(
    name="stock-at",
    zh="商品库存（按批次）",
    en="Stock by batch at a date",
    columns=BATCH_COLUMNS,
    build=_stock_at,
    default_sort=("product", "warehouse", "expiry_date", "batch"),
    filters=("as_of", "product", "warehouse", "category"),
    derive=_batch_value,
    keys=("product", "warehouse", "batch"),
)
