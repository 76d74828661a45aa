"""document_line.received_qty and short_reason: a two-step transfer received short

A two-step transfer (两步调拨) may arrive short or damaged (issue #17 item 13): each line keeps
what arrived (base units) and the reason for the difference; the shortfall leaves the
in-transit warehouse as a loss (docs/transfers.md). Transfers received before this revision
arrived in full: their received quantity is what they sent. Nothing posted changes.

``recreate="never"``: SQLite adds a column in place; a copy-and-move of ``document_line``,
which moves and lines reference, would be refused with foreign keys on.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("received_qty", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("short_reason", sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE document_line SET received_qty = base_qty WHERE document_id IN"
        " (SELECT id FROM document WHERE type = 'transfer' AND two_step"
        " AND status IN ('approved', 'reversed'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("short_reason")
        batch_op.drop_column("received_qty")
