"""stock_revaluation: re-costing's trace (issue #17)

Each re-valuation of a posted move (by a backdated posting, a 反审核, a transfer leg following
its issue, or ``jxc doctor --repair``) is recorded: the move, its value before and after, and
the document that caused it. A new table only: no existing row changes. No foreign keys
(moves and documents are never deleted; per-row key checks would slow a long re-cost).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stock_revaluation",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("move_id", BIG_ID, nullable=False),
        sa.Column("old_value", sa.BigInteger(), nullable=False),
        sa.Column("new_value", sa.BigInteger(), nullable=False),
        sa.Column("caused_by_document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_revaluation")),
    )
    with op.batch_alter_table("stock_revaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_revaluation_move_id"), ["move_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stock_revaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_revaluation_move_id"))
    op.drop_table("stock_revaluation")
