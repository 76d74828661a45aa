"""login_failure: failed password checks for the back-off; the per-account lock goes

Failed logins were counted on the user's row and locked the account for 15 minutes, so
anyone could lock the administrator out with five requests (issue #16 item 9). Failures
are now kept one row each, by username as typed and client address, for an exponential
back-off per username and address and per address (services/login_throttle.py); the
columns of the old lock are dropped.

``recreate="never"``: SQLite (3.35+) drops a column in place; a copy-and-move of
``user_account``, which tokens, the audit trail and documents reference, would be refused
with foreign keys on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_address", ["address", "at"], unique=False)
        batch_op.create_index("ix_login_failure_user", ["username", "address", "at"], unique=False)
    with op.batch_alter_table("user_account", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_table("login_failure")
