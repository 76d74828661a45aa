"""document_line.counted_at: when a stocktake line was counted

A count states what was on the shelf when it was counted: the line's books are taken at that
moment (issue #17 item 1, docs/stocktake.md). Lines counted before this revision get their
stocktake's last change (``document.updated_at``, on or after each of its counts), which
keeps them as they were: every move entered before that counts as seen by the count.
Posted stocktakes keep their posted expected quantities and variances; the time is only
shown.

``recreate="never"``: SQLite adds a column in place; a copy-and-move of ``document_line``,
which moves and lines reference, would be refused with foreign keys on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("counted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE document_line SET counted_at = (SELECT document.updated_at FROM document"
        " WHERE document.id = document_line.document_id AND document.type = 'stocktake')"
        " WHERE counted_qty IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("counted_at")
