"""Bookkeeping tables of the system itself: audit, idempotency, settings, counters."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.types import UTCDateTime

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("user_id", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", String(64), nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_audit_log_entity", "entity", "entity_id"),
    Index("ix_audit_log_at", "at"),
)

idempotency_key = Table(
    "idempotency_key",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),  # keys expire
    # written with the work, with its status code and the path of the resource that renders
    # the reply again (or the reply itself, when known before the commit); the full reply is
    # kept just after, unless it carried a secret (withheld)
    Column("reply_withheld", Boolean, nullable=False, server_default=text("false")),
    Column("status_code", Integer, nullable=True),
    Column("response_body", Text, nullable=True),
    Column("content_type", String(100), nullable=True),
    Column("replay_path", Text, nullable=True),
)

setting = Table(
    "setting",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

counter = Table(
    "counter",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# an uploaded import file, kept for its confirmation, and what its dry run found (issue #18)
import_record = Table(
    "import_record",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),
    Column("create_count", Integer, nullable=False, server_default=text("0")),
    Column("update_count", Integer, nullable=False, server_default=text("0")),
    Column("unchanged_count", Integer, nullable=False, server_default=text("0")),
    Column("error_count", Integer, nullable=False, server_default=text("0")),
    Column("warning_count", Integer, nullable=False, server_default=text("0")),
    Column("result", JSON, nullable=True),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("created_by", Integer, ForeignKey("user_account.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("confirmed_at", UTCDateTime, nullable=True),
)
