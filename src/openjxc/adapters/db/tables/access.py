"""Users, roles and tokens."""

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, text

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import active_column, id_column, timestamps
from openjxc.adapters.db.types import UTCDateTime

role = Table(
    "role",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("name_en", String(64), nullable=False),
    Column("permissions", JSON, nullable=False),
    Column("builtin", Boolean, nullable=False, server_default=text("false")),
)

user_account = Table(
    "user_account",
    metadata,
    id_column(),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("organisation_ids", JSON, nullable=True),
    Column("warehouse_ids", JSON, nullable=True),
    # 仅本人单据: trading documents and payments only where the user is 业务员 or author
    Column("own_documents_only", Boolean, nullable=False, server_default=text("false")),
    active_column(),
    Column("language", String(8), nullable=False, server_default="zh-CN"),
    *timestamps(),
)

api_token = Table(
    "api_token",
    metadata,
    id_column(),
    Column("user_id", Integer, ForeignKey("user_account.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),
    Column("permissions", JSON, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("last_used_at", UTCDateTime, nullable=True),
)

# one row per failed password check (login, own password change), kept for the throttle's
# window: shared by every server process (services/login_throttle.py)
login_failure = Table(
    "login_failure",
    metadata,
    id_column(),
    Column("username", String(64), nullable=False),  # as typed: unknown names count too
    Column("address", String(64), nullable=False),  # the client's IP address
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_failure_user", "username", "address", "at"),
    Index("ix_login_failure_address", "address", "at"),
)
