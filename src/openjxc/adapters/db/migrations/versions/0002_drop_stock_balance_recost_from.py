"""drop stock_balance.recost_from

Re-costing after a backdated posting runs inside the posting's own transaction, so a
stream is never left half re-costed and the marker was never set (issue #15).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stock_balance", schema=None) as batch_op:
        batch_op.drop_column("recost_from")


def downgrade() -> None:
    with op.batch_alter_table("stock_balance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recost_from", sa.Date(), nullable=True))
