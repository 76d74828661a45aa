"""The worker's tables: jobs and their runs, alert states, in-app notifications.

``job`` is the schedule (stored here, so every worker and ``jxc job run`` agree) and the
lease that keeps two workers from running one job at once. ``alert_state`` remembers, per
rule and subject, that an alert fired and has not recovered: it fires once. A
``notification`` is one message; ``notification_recipient`` is each user's copy of it in the
in-app inbox (read or not). Channels (email, 企业微信, 钉钉, webhooks) will add their own
deliveries of the same message beside it.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables.inventory import BigId
from openjxc.adapters.db.types import UTCDateTime

job = Table(
    "job",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("cron", String(100), nullable=True),  # minute hour day month weekday
    Column("interval_seconds", Integer, nullable=True),  # or every so many seconds
    Column("enabled", Boolean, nullable=False, server_default=text("true")),
    Column("params", JSON, nullable=False),  # the job's own settings: {"days": 30}
    # the lease: who runs it now, until when at most (a worker that died frees it then)
    Column("lease_owner", String(100), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
)

job_run = Table(
    "job_run",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("job", String(64), ForeignKey("job.name"), nullable=False),
    Column("owner", String(100), nullable=False),  # the worker or command that ran it
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("status", String(16), nullable=False),  # running, succeeded, failed
    Column("result", Text, nullable=True),
    Column("error", Text, nullable=True),
    Index("ix_job_run_job", "job", "started_at"),
    Index("ix_job_run_started_at", "started_at"),
)

alert_state = Table(
    "alert_state",
    metadata,
    Column("rule", String(32), primary_key=True),
    Column("subject", String(64), primary_key=True),
    Column("fired_at", UTCDateTime, nullable=False),
)

notification = Table(
    "notification",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("kind", String(32), nullable=False),  # the rule that fired
    Column("subject", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", String(500), nullable=False),  # where to act, in the web UI
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

notification_recipient = Table(
    "notification_recipient",
    metadata,
    Column("notification_id", BigId, ForeignKey("notification.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user_account.id"), primary_key=True),
    Column("read_at", UTCDateTime, nullable=True),
    # the inbox: a user's unread first, newest first
    Index("ix_notification_recipient_inbox", "user_id", "read_at", "notification_id"),
)
