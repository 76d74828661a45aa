"""Stock documents and the stock ledger.

``stock_move`` is the ledger. Its facts (what, where, when, how many, which document line)
are never updated or deleted; its valuation columns (value, unit cost, running balances)
are derived from the facts in stream order and are rewritten only by re-costing after a
backdated posting. ``stock_balance``, ``batch_balance`` and ``fifo_layer`` are caches of the
ledger written in the same transaction; ``jxc doctor`` recomputes them.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import id_column, timestamps
from openjxc.adapters.db.types import EnumText, Scaled, UTCDateTime
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.inventory.stream import ValueBasis
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, RATE_SCALE

BigId = BigInteger().with_variant(Integer, "sqlite")  # SQLite's rowid alias must be INTEGER

document = Table(
    "document",
    metadata,
    id_column(),
    Column("type", EnumText(DocumentType), nullable=False),
    Column("number", String(32), nullable=False, unique=True),
    Column("date", Date, nullable=False),
    Column("status", EnumText(Status), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False, index=True),
    Column("to_warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=True),
    Column("partner_id", Integer, ForeignKey("partner.id"), nullable=True),
    Column("reason", String(32), nullable=True),
    Column("remarks", String(500), nullable=False, server_default=""),
    Column("two_step", Boolean, nullable=False, server_default=text("false")),
    Column("blind_count", Boolean, nullable=False, server_default=text("false")),
    Column("expected_return_date", Date, nullable=True),
    Column("source_document_id", Integer, ForeignKey("document.id"), nullable=True, index=True),
    # 红冲: this document negates its source document
    Column("red_letter", Boolean, nullable=False, server_default=text("false")),
    Column("expected_date", Date, nullable=True),  # orders
    Column("due_date", Date, nullable=True),  # receipts and deliveries: AR/AP due
    # trading: 整单优惠, an amount off the grand total, shared out to the lines
    Column("order_discount", Scaled(MONEY_SCALE), nullable=True),
    # steps of its approval rule taken so far (审批流)
    Column("approval_step", Integer, nullable=False, server_default=text("0")),
    Column("approval_conditions", String(64), nullable=False, server_default=""),
    Column("created_by", Integer, ForeignKey("user_account.id"), nullable=True),
    # trading: 业务员, the salesperson or buyer the document counts for (default: its creator)
    Column("salesperson_id", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("submitted_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("submitted_at", UTCDateTime, nullable=True),
    Column("approved_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("approved_at", UTCDateTime, nullable=True),
    Column("snapshot_at", UTCDateTime, nullable=True),
    # stocktake: moves after this id happened after the snapshot (counting while open)
    Column("snapshot_move_id", BigId, nullable=True),
    *timestamps(),
    Index("ix_document_type_date", "type", "date"),
    Index("ix_document_status", "status"),
)

document_line = Table(
    "document_line",
    metadata,
    id_column(),
    Column("document_id", Integer, ForeignKey("document.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False, index=True),
    Column("unit", String(16), nullable=False),
    Column("qty", Scaled(QTY_SCALE), nullable=False),
    Column("factor", Scaled(QTY_SCALE), nullable=False),
    Column("base_qty", Scaled(QTY_SCALE), nullable=False),
    Column("unit_cost", Scaled(PRICE_SCALE), nullable=True),
    Column("amount", Scaled(MONEY_SCALE), nullable=True),
    Column("batch_no", String(64), nullable=True),
    Column("production_date", Date, nullable=True),
    Column("expiry_date", Date, nullable=True),
    Column("reason", String(32), nullable=True),
    Column("remarks", String(200), nullable=False, server_default=""),
    Column("book_qty", Scaled(QTY_SCALE), nullable=True),
    Column("counted_qty", Scaled(QTY_SCALE), nullable=True),
    # stocktake: when the line was counted; its books are taken at that moment
    Column("counted_at", UTCDateTime, nullable=True),
    Column("expected_qty", Scaled(QTY_SCALE), nullable=True),
    Column("variance_qty", Scaled(QTY_SCALE), nullable=True),
    Column("source_line_id", Integer, ForeignKey("document_line.id"), nullable=True, index=True),
    # trading lines: tax-exclusive unit price (per entered unit), VAT rate, 金额, 税额
    Column("price", Scaled(PRICE_SCALE), nullable=True),
    Column("tax_rate", Scaled(RATE_SCALE), nullable=True),
    Column("net_amount", Scaled(MONEY_SCALE), nullable=True),
    Column("tax", Scaled(MONEY_SCALE), nullable=True),
    # trading lines: 行折扣 as 折扣率 (part off) and 折扣额 (before tax), and the line's
    # 整单优惠分摊 (its share of the order discount)
    Column("line_discount_rate", Scaled(RATE_SCALE), nullable=True),
    Column("line_discount", Scaled(MONEY_SCALE), nullable=True),
    Column("order_discount_share", Scaled(MONEY_SCALE), nullable=True),
    # trading lines: the unit price as entered (含税 or not, per entered unit); price is derived
    Column("entered_price", Scaled(PRICE_SCALE), nullable=True),
    Column("entered_price_tax_included", Boolean, nullable=True),
    # two-step transfer: what arrived (base units) and why less than sent
    Column("received_qty", Scaled(QTY_SCALE), nullable=True),
    Column("short_reason", String(200), nullable=True),
    # a line taken out of a draft that was posted before keeps its row for the ledger's sake
    Column("removed", Boolean, nullable=False, server_default=text("false")),
    UniqueConstraint("document_id", "line_no"),
)

batch = Table(
    "batch",
    metadata,
    id_column(),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("batch_no", String(64), nullable=False),
    Column("production_date", Date, nullable=True),
    Column("expiry_date", Date, nullable=True),
    Column("on_hold", Boolean, nullable=False, server_default=text("false")),
    Column("hold_reason", String(200), nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("product_id", "batch_no"),
)


def _where_not_null(name: str, column: str) -> Index:
    condition = text(f"{column} IS NOT NULL")
    return Index(name, column, postgresql_where=condition, sqlite_where=condition)


stock_move = Table(
    "stock_move",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("document_id", Integer, ForeignKey("document.id"), nullable=False, index=True),
    Column("line_id", Integer, ForeignKey("document_line.id"), nullable=False, index=True),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batch.id"), nullable=True),
    Column("date", Date, nullable=False),
    Column("qty", Scaled(QTY_SCALE), nullable=False),
    Column("reverses_move_id", BigId, ForeignKey("stock_move.id"), nullable=True),
    # an issue undoing a receipt (反审核, 红冲) takes back that receipt's goods: under FIFO
    # from its own layer first
    Column("takes_back_move_id", BigId, ForeignKey("stock_move.id"), nullable=True),
    # the receiving leg of a transfer points at its issuing leg
    Column("pair_move_id", BigId, ForeignKey("stock_move.id"), nullable=True),
    Column("basis", EnumText(ValueBasis), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # valuation, derived in stream order (product, warehouse, date, id)
    Column("value", Scaled(MONEY_SCALE), nullable=False),
    Column("adjustment", Scaled(MONEY_SCALE), nullable=False, server_default=text("0")),
    Column("unit_cost", Scaled(PRICE_SCALE), nullable=False),
    Column("qty_after", Scaled(QTY_SCALE), nullable=False),
    Column("value_after", Scaled(MONEY_SCALE), nullable=False),
    Column("cost_after", Scaled(PRICE_SCALE), nullable=True),
    Column("batch_qty_after", Scaled(QTY_SCALE), nullable=True),
    Index("ix_stock_move_stream", "product_id", "warehouse_id", "date", "id"),
    Index("ix_stock_move_date", "date"),
    # most moves have no batch, no pair and undo nothing: partial indexes stay small, and a re-costing
    # UPDATE has two indexes fewer to write for them
    _where_not_null("ix_stock_move_batch_id", "batch_id"),
    _where_not_null("ix_stock_move_pair_move_id", "pair_move_id"),
    _where_not_null("ix_stock_move_reverses_move_id", "reverses_move_id"),
    # re-costing rewrites the valuation of a stream's later moves (no indexed column): the
    # free fifth of each page lets many of the new row versions stay on their page (HOT),
    # which skips every index write for them
    postgresql_with={"fillfactor": 80},
)

stock_move_layer = Table(
    "stock_move_layer",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("move_id", BigId, ForeignKey("stock_move.id"), nullable=False, index=True),
    Column("layer_move_id", BigId, ForeignKey("stock_move.id"), nullable=True),
    Column("qty", Scaled(QTY_SCALE), nullable=False),
    Column("value", Scaled(MONEY_SCALE), nullable=False),
)

#: Re-costing's trace (DESIGN §3.13): each time a posting re-values a move already posted (a
#: backdated move before it, a 反审核, a transfer leg following its issue), the move, its value
#: before and after, and the document whose posting caused it (none: ``jxc doctor --repair``).
#: Append-only; a move's re-costed change since it posted is ``sum(new_value - old_value)``.
#: Only moves whose value changed get a row: a running balance that moved is not a re-valuation.
# No foreign keys, like ``stock_balance.last_move_id``: moves and documents are never deleted,
# and a re-cost of a long stream writes thousands of rows at once, where PostgreSQL's
# per-row key checks cost more than the insert (measured: 0.27 s of 0.43 s for 9,000 rows).
stock_revaluation = Table(
    "stock_revaluation",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("move_id", BigId, nullable=False, index=True),  # stock_move.id
    Column("old_value", Scaled(MONEY_SCALE), nullable=False),
    Column("new_value", Scaled(MONEY_SCALE), nullable=False),
    Column("caused_by_document_id", Integer, nullable=True),  # document.id
    Column("created_at", UTCDateTime, nullable=False),
)

stock_balance = Table(
    "stock_balance",
    metadata,
    Column("product_id", Integer, ForeignKey("product.id"), primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), primary_key=True),
    Column("on_hand", Scaled(QTY_SCALE), nullable=False),
    Column("value", Scaled(MONEY_SCALE), nullable=False),
    Column("reserved", Scaled(QTY_SCALE), nullable=False),
    Column("last_unit_cost", Scaled(PRICE_SCALE), nullable=True),
    Column("last_move_date", Date, nullable=True),
    Column("last_move_id", BigId, nullable=True),
)

batch_balance = Table(
    "batch_balance",
    metadata,
    Column("batch_id", Integer, ForeignKey("batch.id"), primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), primary_key=True),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("on_hand", Scaled(QTY_SCALE), nullable=False),
    Index("ix_batch_balance_stream", "product_id", "warehouse_id"),
)

fifo_layer = Table(
    "fifo_layer",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("move_id", BigId, ForeignKey("stock_move.id"), nullable=True),
    Column("qty", Scaled(QTY_SCALE), nullable=False),
    Column("unit_cost", Scaled(PRICE_SCALE), nullable=False),
    Column("value", Scaled(MONEY_SCALE), nullable=False),
    UniqueConstraint("product_id", "warehouse_id", "position"),
)

period = Table(
    "period",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("closed_at", UTCDateTime, nullable=False),
    Column("closed_by", Integer, ForeignKey("user_account.id"), nullable=True),
)

period_snapshot = Table(
    "period_snapshot",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("month", String(7), ForeignKey("period.month"), nullable=False),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batch.id"), nullable=True),
    Column("qty", Scaled(QTY_SCALE), nullable=False),
    Column("value", Scaled(MONEY_SCALE), nullable=True),
    Index("ix_period_snapshot_stream", "month", "product_id", "warehouse_id"),
)

#: A closed month's totals, stored once when it closes (dropped when it reopens) so the
#: dashboard reads closed months without scanning their moves and lines. Closing a month
#: also stores the months before it that no close covered yet (``closed_month`` is the close
#: that stored the row), so every month up to the latest closed one has its totals (a month
#: without rows moved nothing). ``source`` says
#: which figures a row carries: ``stock`` per warehouse (inbound, outbound, consumption),
#: ``trade`` per organisation and warehouse (sales, gross margin, purchases), ``receipt``
#: per organisation (money received); the other figures of the row are zero.
period_total = Table(
    "period_total",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("month", String(7), nullable=False, index=True),
    Column("closed_month", String(7), ForeignKey("period.month"), nullable=False),
    Column("source", String(8), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=True),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("in_amount", Scaled(MONEY_SCALE), nullable=False),
    Column("out_amount", Scaled(MONEY_SCALE), nullable=False),
    Column("consumption_amount", Scaled(MONEY_SCALE), nullable=False),
    # stock: the warehouse's value at the month's end (its snapshot's sum)
    Column("closing_amount", Scaled(MONEY_SCALE), nullable=False),
    Column("sales", Scaled(MONEY_SCALE), nullable=False),
    Column("gross_margin", Scaled(MONEY_SCALE), nullable=False),
    Column("purchases", Scaled(MONEY_SCALE), nullable=False),
    Column("receipts", Scaled(MONEY_SCALE), nullable=False),
)
