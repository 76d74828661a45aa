"""Today's warnings: 临期批次 (batches expiring soon) and 库存预警 (stock outside its levels).

Both read the balance caches (``batch_balance``, ``stock_balance``), which the posting
transaction keeps equal to the ledger, so they answer for now without touching the moves.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.shared.numbers import round_money
from openjxc.queries.reports.framework import Column, Context, Kind, Report, scaled, unscale
from openjxc.queries.reports.sources import stream_filters

bb, bt, sb = inventory.batch_balance, inventory.batch, inventory.stock_balance
p, w, ss = catalog.product, catalog.warehouse, catalog.stock_setting

EXPIRY_DAYS = 30

EXPIRING_COLUMNS = (
    Column("product", "商品编码", "Product"),
    Column("product_name", "商品名称", "Product name"),
    Column("base_unit", "单位", "Unit"),
    Column("warehouse", "仓库", "Warehouse"),
    Column("batch", "批次", "Batch"),
    Column("production_date", "生产日期", "Production date", Kind.DATE),
    Column("expiry_date", "有效期至", "Expiry", Kind.DATE),
    Column("days_left", "剩余天数", "Days left", Kind.INT, sortable=False),
    Column("on_hold", "冻结", "On hold", Kind.BOOL),
    Column("on_hand", "数量", "Qty", Kind.QTY, total=True),
    Column(
        "value", "金额（按均价）", "Value (at average cost)", Kind.MONEY, cost=True, sortable=False
    ),
)


def expiring_query(context: Context) -> Select[Any]:
    today: date = context.get("today")
    limit = today + timedelta(days=int(context.get("days", EXPIRY_DAYS)))
    query = (
        select(
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit.label("base_unit"),
            w.c.code.label("warehouse"),
            bt.c.batch_no.label("batch"),
            bt.c.production_date,
            bt.c.expiry_date,
            bt.c.on_hold,
            scaled(bb.c.on_hand).label("on_hand"),
            scaled(sb.c.on_hand).label("stream_qty"),
            scaled(sb.c.value).label("stream_value"),
        )
        .select_from(bb)
        .join(bt, bt.c.id == bb.c.batch_id)
        .join(p, p.c.id == bb.c.product_id)
        .join(w, w.c.id == bb.c.warehouse_id)
        .join(sb, and_(sb.c.product_id == bb.c.product_id, sb.c.warehouse_id == bb.c.warehouse_id))
        .where(bb.c.on_hand > 0, bt.c.expiry_date <= limit, *stream_filters(context, bb))
    )
    if context.get("include_expired") is False:
        query = query.where(bt.c.expiry_date >= today)
    return query


def _expiry(row: dict[str, Any], context: Context) -> None:
    """Days to expiry (negative once expired) and the batch's value at its stream's cost."""
    row["days_left"] = (row["expiry_date"] - context.get("today")).days
    qty = unscale(row["stream_qty"], Kind.QTY)
    value = unscale(row["stream_value"], Kind.MONEY)
    row["value"] = round_money(row["on_hand"] * value / qty) if qty > 0 else None


EXPIRING = Report(
    name="expiring-batches",
    zh="临期批次",
    en="Expiring batches",
    columns=EXPIRING_COLUMNS,
    build=expiring_query,
    default_sort=("expiry_date", "product", "warehouse"),
    filters=("days", "include_expired", "product", "warehouse", "category"),
    derive=_expiry,
    keys=("product", "warehouse", "batch"),
)

#: 库存预警 levels, in the order they are reported when several apply
LEVELS = ("below_safety", "reorder", "above_max")
LEVEL_LABELS = {
    "below_safety": ("低于安全库存", "Below safety stock"),
    "reorder": ("低于再订货点", "At or below the reorder point"),
    "above_max": ("高于最高库存", "Above maximum stock"),
}

ALERT_COLUMNS = (
    Column("product", "商品编码", "Product"),
    Column("product_name", "商品名称", "Product name"),
    Column("base_unit", "单位", "Unit"),
    Column("warehouse", "仓库", "Warehouse"),
    Column("level", "预警类型", "Alert", labels=LEVEL_LABELS),
    Column("on_hand", "当前库存", "On hand", Kind.QTY),
    Column("safety_stock", "最低库存", "Safety stock", Kind.QTY),
    Column("reorder_point", "再订货点", "Reorder point", Kind.QTY),
    Column("max_stock", "最高库存", "Max stock", Kind.QTY),
    Column("shortage", "缺口数量", "Shortage", Kind.QTY, total=True),
    Column("excess", "超储数量", "Excess", Kind.QTY, total=True),
    Column("value", "库存金额", "Value", Kind.MONEY, total=True, cost=True),
)


def on_hand_of_setting() -> ColumnElement[Any]:
    """A stock setting's stream on hand (none yet: 0), with ``stock_balance`` outer-joined."""
    return func.coalesce(sb.c.on_hand, 0)


def below_safety(on_hand: ColumnElement[Any]) -> ColumnElement[bool]:
    """低于安全库存: the one definition, for this report and the alert job alike."""
    return and_(ss.c.safety_stock.is_not(None), on_hand < ss.c.safety_stock)


def above_max(on_hand: ColumnElement[Any]) -> ColumnElement[bool]:
    """高于最高库存: the one definition, for this report and the alert job alike."""
    return and_(ss.c.max_stock.is_not(None), on_hand > ss.c.max_stock)


def alert_query(context: Context) -> Select[Any]:
    on_hand = on_hand_of_setting()
    below = below_safety(on_hand)
    above = above_max(on_hand)
    reorder = and_(ss.c.reorder_point.is_not(None), on_hand <= ss.c.reorder_point)
    conditions = {"below_safety": below, "reorder": reorder, "above_max": above}
    level = case(*[(conditions[name], literal(name)) for name in LEVELS], else_=literal(None))
    wanted = context.get("level")
    condition = conditions[wanted] if wanted in conditions else or_(below, above, reorder)
    zero = literal(0)
    return (
        select(
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit.label("base_unit"),
            w.c.code.label("warehouse"),
            level.label("level"),
            scaled(on_hand).label("on_hand"),
            scaled(ss.c.safety_stock).label("safety_stock"),
            scaled(ss.c.reorder_point).label("reorder_point"),
            scaled(ss.c.max_stock).label("max_stock"),
            scaled(case((below, ss.c.safety_stock - on_hand), else_=zero)).label("shortage"),
            scaled(case((above, on_hand - ss.c.max_stock), else_=zero)).label("excess"),
            scaled(func.coalesce(sb.c.value, 0)).label("value"),
        )
        .select_from(ss)
        .join(p, p.c.id == ss.c.product_id)
        .join(w, w.c.id == ss.c.warehouse_id)
        .outerjoin(
            sb, and_(sb.c.product_id == ss.c.product_id, sb.c.warehouse_id == ss.c.warehouse_id)
        )
        .where(condition, p.c.active.is_(True), *stream_filters(context, ss))
    )


ALERTS = Report(
    name="stock-alerts",
    zh="库存预警",
    en="Stock alerts",
    columns=ALERT_COLUMNS,
    build=alert_query,
    default_sort=("level", "product", "warehouse"),
    filters=("level", "product", "warehouse", "category"),
    keys=("product", "warehouse"),
)
