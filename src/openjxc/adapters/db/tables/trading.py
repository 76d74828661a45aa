"""Trading: the partner ledger (应收应付), settlements (核销) and money documents.

``partner_entry`` is append-only: an entry is never updated or deleted; 反审核 appends the
opposite entry. ``partner_balance`` caches the sum per partner and account, written in the
same transaction (``jxc doctor`` recomputes it). ``settlement`` is append-only too: undoing
a settlement appends the negative amount.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import id_column, timestamps
from openjxc.adapters.db.tables.inventory import BigId
from openjxc.adapters.db.types import EnumText, Scaled, UTCDateTime
from openjxc.domain.documents.status import Status
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE
from openjxc.domain.trading.accounts import Account, EntrySource
from openjxc.domain.trading.payment import PaymentType

payment = Table(
    "payment",
    metadata,
    id_column(),
    Column("type", EnumText(PaymentType), nullable=False),
    Column("number", String(32), nullable=False, unique=True),
    Column("date", Date, nullable=False),
    Column("status", EnumText(Status), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("partner_id", Integer, ForeignKey("partner.id"), nullable=False, index=True),
    Column("amount", Scaled(MONEY_SCALE), nullable=False),
    Column("method", String(32), nullable=False, server_default=""),
    Column("account", String(64), nullable=False, server_default=""),
    Column("prepayment", Boolean, nullable=False, server_default=text("false")),
    Column("remarks", String(500), nullable=False, server_default=""),
    Column("created_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("approved_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("approved_at", UTCDateTime, nullable=True),
    *timestamps(),
)

partner_entry = Table(
    "partner_entry",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partner.id"), nullable=False),
    Column("account", EnumText(Account), nullable=False),
    # the store or head office it belongs to (its document's or payment's): data scope
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("date", Date, nullable=False),
    Column("due_date", Date, nullable=True),
    Column("amount", Scaled(MONEY_SCALE), nullable=False),  # signed: + charge, - credit
    Column("source", EnumText(EntrySource), nullable=False),
    Column("number", String(32), nullable=False),  # the document's number, for people
    Column("document_id", Integer, ForeignKey("document.id"), nullable=True, index=True),
    Column("payment_id", Integer, ForeignKey("payment.id"), nullable=True, index=True),
    Column("reverses_entry_id", BigId, ForeignKey("partner_entry.id"), nullable=True),
    Column("created_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_partner_entry_account", "partner_id", "account", "date", "id"),
    # partial: reversals are few, and an index full of NULLs tells a planner it is useless
    # (SQLite's statistics then scan the table for every "is it reversed?" probe)
    Index(
        "ix_partner_entry_reverses",
        "reverses_entry_id",
        sqlite_where=text("reverses_entry_id IS NOT NULL"),
        postgresql_where=text("reverses_entry_id IS NOT NULL"),
    ),
)

partner_balance = Table(
    "partner_balance",
    metadata,
    Column("partner_id", Integer, ForeignKey("partner.id"), primary_key=True),
    Column("account", EnumText(Account), primary_key=True),
    Column("balance", Scaled(MONEY_SCALE), nullable=False),
)

settlement = Table(
    "settlement",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("charge_entry_id", BigId, ForeignKey("partner_entry.id"), nullable=False, index=True),
    Column("credit_entry_id", BigId, ForeignKey("partner_entry.id"), nullable=False, index=True),
    Column("amount", Scaled(MONEY_SCALE), nullable=False),  # negative: undoes a settlement
    Column("created_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# prices per base unit, tax-exclusive, like the catalogue's reference prices
customer_price = Table(
    "customer_price",
    metadata,
    Column("partner_id", Integer, ForeignKey("partner.id"), primary_key=True),
    Column("product_id", Integer, ForeignKey("product.id"), primary_key=True),
    Column("price", Scaled(PRICE_SCALE), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

level_price = Table(
    "level_price",
    metadata,
    Column("product_id", Integer, ForeignKey("product.id"), primary_key=True),
    Column("level", SmallInteger, primary_key=True),
    Column("price", Scaled(PRICE_SCALE), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# 审批流: rules per document type, and every step taken (who, when, comment)
approval_rule = Table(
    "approval_rule",
    metadata,
    id_column(),
    Column("document_type", String(32), nullable=False, index=True),
    Column("min_amount", Scaled(MONEY_SCALE), nullable=True),
    Column("condition", String(32), nullable=True),  # below_min_price, credit_override
    Column("steps", JSON, nullable=False),  # [{"role": code} | {"user_id": id}, ...]
    *timestamps(),
)

approval_record = Table(
    "approval_record",
    metadata,
    id_column(),
    Column("document_id", Integer, ForeignKey("document.id"), nullable=False, index=True),
    Column("step", Integer, nullable=False),
    Column("action", String(16), nullable=False),  # approve, reject
    Column("user_id", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("comment", String(500), nullable=False, server_default=""),
    Column("at", UTCDateTime, nullable=False),
)
