"""Retail (零售): terminals, the retail part of 零售单/零售退货, their payments, and the 异常单 queue.

A 零售单 or 零售退货 is a ``document`` like any other (its lines, moves and AR entry are the
ledger's); ``retail_sale`` adds what only retail has: the terminal and the transaction id it
gave (unique per terminal: a transaction posts once, whatever the network does), cashier,
member, 整单折扣, 抹零 and 找零. ``retail_payment`` keeps the payment lines by method for the
money ledger to come. ``retail_exception`` keeps, as received, a transaction that could not
post, with the reason, until it is re-posted (docs/retail.md).
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import id_column, timestamps
from openjxc.adapters.db.types import Scaled, UTCDateTime
from openjxc.domain.shared.numbers import MONEY_SCALE

retail_terminal = Table(
    "retail_terminal",
    metadata,
    id_column(),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False),
    # the user the terminal signs in as (its tokens are that user's): scope = its store
    Column("user_id", Integer, ForeignKey("user_account.id"), nullable=False, unique=True),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    *timestamps(),
)

retail_sale = Table(
    "retail_sale",
    metadata,
    Column("document_id", Integer, ForeignKey("document.id"), primary_key=True),
    Column("terminal_id", Integer, ForeignKey("retail_terminal.id"), nullable=True),
    Column("client_id", String(64), nullable=True),  # the terminal's own transaction id
    Column("occurred_at", UTCDateTime, nullable=False),  # when the terminal recorded it
    Column("cashier_id", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("member_id", Integer, ForeignKey("partner.id"), nullable=True),
    Column("discount", Scaled(MONEY_SCALE), nullable=False),  # 整单折扣
    Column("rounding", Scaled(MONEY_SCALE), nullable=False),  # 抹零
    Column("change", Scaled(MONEY_SCALE), nullable=False),  # 找零 (cash given back)
    Column("original_document_id", Integer, ForeignKey("document.id"), nullable=True),
    UniqueConstraint("terminal_id", "client_id"),
)

retail_payment = Table(
    "retail_payment",
    metadata,
    id_column(),
    Column("document_id", Integer, ForeignKey("document.id"), nullable=False, index=True),
    Column("line_no", SmallInteger, nullable=False),
    Column("method", String(32), nullable=False),  # cash, wechat, alipay, card, credit …
    Column("amount", Scaled(MONEY_SCALE), nullable=False),  # tendered (cash before change)
    Column("partner_id", Integer, ForeignKey("partner.id"), nullable=True),  # 挂账: whose
)

retail_exception = Table(
    "retail_exception",
    metadata,
    id_column(),
    Column("terminal_id", Integer, ForeignKey("retail_terminal.id"), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("payload", JSON, nullable=False),  # the transaction as received
    Column("reason", String(64), nullable=False),  # the error code of the last attempt
    Column("reason_params", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # open, posted
    Column("attempts", Integer, nullable=False),
    Column("document_id", Integer, ForeignKey("document.id"), nullable=True),
    Column("resolved_at", UTCDateTime, nullable=True),
    Column("resolved_by", Integer, ForeignKey("user_account.id"), nullable=True),
    UniqueConstraint("terminal_id", "client_id"),
)
