"""retail: terminals, 零售单/零售退货's retail part and payments, the 异常单 queue

Issue #19, first slice (docs/retail.md). 零售单 and 零售退货 are documents of the one
``document`` table (new type values, no column needed); these tables add the terminal that
synced a transaction and its own id (unique per terminal: a transaction posts once), cashier,
member, 整单折扣, 抹零, 找零, the payments by method, and the transactions that could not
post, kept as received. New tables only: nothing existing changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retail_terminal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_retail_terminal_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_retail_terminal_user_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouse.id"],
            name=op.f("fk_retail_terminal_warehouse_id_warehouse"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retail_terminal")),
        sa.UniqueConstraint("code", name=op.f("uq_retail_terminal_code")),
        sa.UniqueConstraint("user_id", name=op.f("uq_retail_terminal_user_id")),
    )
    op.create_table(
        "retail_sale",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cashier_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("rounding", sa.BigInteger(), nullable=False),
        sa.Column("change", sa.BigInteger(), nullable=False),
        sa.Column("original_document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cashier_id"], ["user_account.id"], name=op.f("fk_retail_sale_cashier_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_retail_sale_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["partner.id"], name=op.f("fk_retail_sale_member_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["original_document_id"],
            ["document.id"],
            name=op.f("fk_retail_sale_original_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["retail_terminal.id"],
            name=op.f("fk_retail_sale_terminal_id_retail_terminal"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_retail_sale")),
        sa.UniqueConstraint(
            "terminal_id", "client_id", name=op.f("uq_retail_sale_terminal_id_client_id")
        ),
    )
    op.create_table(
        "retail_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.SmallInteger(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_retail_payment_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_retail_payment_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retail_payment")),
    )
    with op.batch_alter_table("retail_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retail_payment_document_id"), ["document_id"], unique=False
        )
    op.create_table(
        "retail_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("reason_params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_retail_exception_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_retail_exception_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["user_account.id"],
            name=op.f("fk_retail_exception_resolved_by_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["retail_terminal.id"],
            name=op.f("fk_retail_exception_terminal_id_retail_terminal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retail_exception")),
        sa.UniqueConstraint(
            "terminal_id", "client_id", name=op.f("uq_retail_exception_terminal_id_client_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("retail_exception")
    with op.batch_alter_table("retail_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retail_payment_document_id"))
    op.drop_table("retail_payment")
    op.drop_table("retail_sale")
    op.drop_table("retail_terminal")
