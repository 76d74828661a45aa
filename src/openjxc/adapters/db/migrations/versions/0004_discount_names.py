"""one name per discount: order_discount, line_discount_rate, line_discount, order_discount_share

A document's ``discount`` (整单优惠) becomes ``order_discount``; a line's ``discount_rate`` and
``discount`` (行折扣: 折扣率, 折扣额) become ``line_discount_rate`` and ``line_discount``, and its
``discount_share`` (整单优惠分摊) ``order_discount_share`` (issue #15, docs/glossary.md).

Autogenerate sees a rename as a dropped column and an added one, which would lose every
discount: these are renames, written by hand, keeping the data. ``recreate="never"``: SQLite
(3.25+) renames a column in place, keeping the table, its rows, its indexes and the foreign
keys that point at it; a copy-and-move of ``document``, which every line, move and entry
references, would be refused with foreign keys on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT = {"discount": "order_discount"}
DOCUMENT_LINE = {
    "discount_rate": "line_discount_rate",
    "discount": "line_discount",
    "discount_share": "order_discount_share",
}


def _rename(table: str, names: dict[str, str]) -> None:
    with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
        for old, new in names.items():
            batch_op.alter_column(old, new_column_name=new)


def upgrade() -> None:
    _rename("document", DOCUMENT)
    _rename("document_line", DOCUMENT_LINE)


def downgrade() -> None:
    _rename("document_line", {new: old for old, new in DOCUMENT_LINE.items()})
    _rename("document", {new: old for old, new in DOCUMENT.items()})
