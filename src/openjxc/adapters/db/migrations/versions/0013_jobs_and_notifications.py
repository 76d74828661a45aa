"""job, job_run, alert_state, notification, notification_recipient: the worker (issue #21)

``jxc worker`` runs scheduled jobs whose schedules live in ``job`` (with the lease that keeps
two workers from running one job at once); every run is logged in ``job_run``. Alert rules
remember what fired in ``alert_state`` (fire once, re-arm on recovery), and each firing is a
``notification`` with a copy per recipient in ``notification_recipient`` (the in-app inbox).
New tables only: nothing existing changes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("cron", sa.String(length=100), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job")),
    )
    op.create_table(
        "job_run",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["job"], ["job.name"], name=op.f("fk_job_run_job_job")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
    )
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.create_index("ix_job_run_job", ["job", "started_at"], unique=False)
        batch_op.create_index("ix_job_run_started_at", ["started_at"], unique=False)
    op.create_table(
        "alert_state",
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("rule", "subject", name=op.f("pk_alert_state")),
    )
    op.create_table(
        "notification",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_notification_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"], ["warehouse.id"], name=op.f("fk_notification_warehouse_id_warehouse")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_table(
        "notification_recipient",
        sa.Column("notification_id", BIG_ID, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_notification_recipient_notification_id_notification"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_recipient_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint(
            "notification_id", "user_id", name=op.f("pk_notification_recipient")
        ),
    )
    with op.batch_alter_table("notification_recipient", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_recipient_inbox",
            ["user_id", "read_at", "notification_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("notification_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_recipient_inbox")
    op.drop_table("notification_recipient")
    op.drop_table("notification")
    op.drop_table("alert_state")
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.drop_index("ix_job_run_started_at")
        batch_op.drop_index("ix_job_run_job")
    op.drop_table("job_run")
    op.drop_table("job")
