"""idempotency_key: reply_withheld, and an index on created_at

A key is written in the transaction of its work; its reply is kept just after, unless the
reply carried a secret (a login token, a new API token, a password), which is never stored:
``reply_withheld`` says so. Keys expire after 24 hours; the index finds the expired ones
(issue #15 §2, issue #16 item 10).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reply_withheld", sa.Boolean(), server_default=sa.text("(false)"), nullable=False
            )
        )
        batch_op.create_index(
            batch_op.f("ix_idempotency_key_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_key_created_at"))
        batch_op.drop_column("reply_withheld")
