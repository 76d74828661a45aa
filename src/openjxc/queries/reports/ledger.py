"""库存流水 (stock ledger) of one product, in one warehouse or all, with a running balance.

The running balance is the balance before the period (nearest snapshot plus the moves
after it: one grouped query) plus a window sum over the period's moves in ledger order
(date, id), which the stream index ``(product_id, warehouse_id, date, id)`` serves. For a
single warehouse it equals the stream's own stored running balance, move by move.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import round_price
from openjxc.queries import revaluations
from openjxc.queries.reports.framework import Column, Context, Kind, Report, scaled
from openjxc.queries.reports.kinds import kind_of
from openjxc.queries.reports.sources import balances_at, stream_filters

m, d, bt = inventory.stock_move, inventory.document, inventory.batch
p, w, pa = catalog.product, catalog.warehouse, catalog.partner

COLUMNS = (
    Column("date", "日期", "Date", Kind.DATE),
    Column("document", "单据编号", "Document"),
    Column("document_type", "单据类型", "Document type"),
    Column("kind", "业务类别", "Kind"),
    Column("partner", "往来单位", "Partner"),
    Column("product", "商品编码", "Product"),
    Column("product_name", "商品名称", "Product name"),
    Column("warehouse", "仓库", "Warehouse"),
    Column("batch", "批次", "Batch"),
    Column("in_qty", "入库数量", "In qty", Kind.QTY, total=True),
    Column("out_qty", "出库数量", "Out qty", Kind.QTY, total=True),
    Column("unit_cost", "单位成本", "Unit cost", Kind.PRICE, cost=True, sortable=False),
    # signed (in +, out −) per move; the totals row adds ins and outs apart, never netted
    Column("amount", "金额", "Amount", Kind.MONEY, cost=True),
    Column("in_amount", "入库金额", "In amount", Kind.MONEY, total=True, cost=True),
    Column("out_amount", "出库金额", "Out amount", Kind.MONEY, total=True, cost=True),
    # re-costing's change to the move's value since it posted, and the document that caused
    # the last one (a backdated posting or a 反审核 before the move)
    Column("revaluation", "成本调整", "Re-costed", Kind.MONEY, total=True, cost=True),
    Column("revalued_by", "调整原因单据", "Re-costed by document", cost=True),
    Column("balance_qty", "结存数量", "Balance qty", Kind.QTY, sortable=False),
    Column("balance_amount", "结存金额", "Balance amount", Kind.MONEY, cost=True, sortable=False),
    Column("id", "流水号", "Move id", Kind.INT),
)


def _prepare(context: Context) -> None:
    """A ledger is per product; its opening balance is read once, before the page."""
    if context.get("product_id") is None:
        raise ValidationError("required", field="product")
    start: date = context.get("date_from")
    rows = balances_at(context, start - timedelta(days=1))
    opening = context.session.execute(
        select(
            scaled(func.coalesce(func.sum(rows.c.qty), 0)),
            scaled(func.coalesce(func.sum(rows.c.value), 0)),
        )
    ).one()
    context.filters = {**context.filters, "opening": (int(opening[0]), int(opening[1]))}


def _build(context: Context) -> Select[Any]:
    opening_qty, opening_value = context.get("opening", (0, 0))
    value = m.c.value + m.c.adjustment
    # a move of no quantity (a value correction) counts in or out by the sign of its value
    inward = or_(m.c.qty > 0, and_(m.c.qty == 0, value >= 0))
    order = (m.c.date, m.c.id)
    return (
        select(
            m.c.id,
            m.c.date,
            d.c.number.label("document"),
            d.c.type.label("document_type"),
            kind_of().label("kind"),
            pa.c.code.label("partner"),
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            w.c.code.label("warehouse"),
            bt.c.batch_no.label("batch"),
            scaled(case((m.c.qty > 0, m.c.qty), else_=literal(0))).label("in_qty"),
            scaled(case((m.c.qty < 0, -m.c.qty), else_=literal(0))).label("out_qty"),
            scaled(value).label("amount"),
            scaled(case((inward, value), else_=literal(0))).label("in_amount"),
            scaled(case((inward, literal(0)), else_=-value)).label("out_amount"),
            scaled(revaluations.change_since_posted(m.c.id)).label("revaluation"),
            revaluations.last_cause(m.c.id).label("revalued_by"),
            scaled(literal(opening_qty) + func.sum(m.c.qty).over(order_by=order)).label(
                "balance_qty"
            ),
            scaled(literal(opening_value) + func.sum(value).over(order_by=order)).label(
                "balance_amount"
            ),
        )
        .join(d, d.c.id == m.c.document_id)
        .join(p, p.c.id == m.c.product_id)
        .join(w, w.c.id == m.c.warehouse_id)
        .outerjoin(bt, bt.c.id == m.c.batch_id)
        .outerjoin(pa, pa.c.id == d.c.partner_id)
        .where(
            m.c.date >= context.get("date_from"),
            m.c.date <= context.get("date_to"),
            *stream_filters(context, m),
        )
    )


def _derive(row: dict[str, Any], context: Context) -> None:
    qty = row["in_qty"] - row["out_qty"]
    row["unit_cost"] = round_price(abs(row["amount"] / qty)) if qty else None


LEDGER = Report(
    name="stock-ledger",
    zh="库存流水",
    en="Stock ledger",
    columns=COLUMNS,
    build=_build,
    default_sort=("date", "id"),
    filters=("product", "warehouse", "from", "to"),
    derive=_derive,
    prepare=_prepare,
    keys=("id",),
    one_product=True,
)
