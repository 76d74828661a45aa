"""document_line.entered_price and entered_price_tax_included: prices as people enter them

A trading line keeps the unit price as it was entered (or offered), 含税单价 or 不含税单价,
next to the tax-exclusive ``price`` derived from it (issue #17 item 6). Lines saved before this
revision only have their tax-exclusive price: it is taken as their entered price, basis
tax-exclusive. Nothing posted changes: amounts, tax and costs stay as they are.

``recreate="never"``: SQLite adds a column in place; a copy-and-move of ``document_line``,
which moves and lines reference, would be refused with foreign keys on.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("entered_price", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("entered_price_tax_included", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE document_line SET entered_price = price, entered_price_tax_included = false"
        " WHERE price IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("document_line", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("entered_price_tax_included")
        batch_op.drop_column("entered_price")
