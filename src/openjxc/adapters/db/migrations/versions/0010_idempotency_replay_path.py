"""idempotency_key.replay_path: a committed call can be answered again after a crash

The key of a call is written in the transaction of its work, and now with what that work
answers: the status code and, when the reply can be rendered again from what was committed,
the path of the resource to read (``replay_path``; or the reply itself when it was known
before the commit). A crash between the commit and keeping the full reply no longer leaves
a retry without an answer (issue #16 item 10).

``recreate="never"``: SQLite adds a nullable column in place.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_key", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("replay_path", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_column("replay_path")
