"""Opening receivables and payables (期初应收应付): a partner's balances with their due dates."""

from __future__ import annotations

from openjxc.domain.imports.columns import Choice, ColumnType, ImportColumn, ImportKind
from openjxc.domain.shared.numbers import MONEY_SCALE
from openjxc.domain.trading.accounts import Account

ACCOUNTS = (
    Choice(Account.RECEIVABLE, "应收", "receivable"),
    Choice(Account.PAYABLE, "应付", "payable"),
)

KIND = ImportKind(
    "opening_balances",
    "期初应收应付",
    "Opening balances",
    (
        ImportColumn(
            "partner",
            "往来单位编码",
            "Partner code",
            ColumnType.REFERENCE,
            required=True,
            reference="partner",
            aliases=("单位编码", "往来单位", "客户编码", "供应商编码"),
            note_zh="已有客户或供应商的编码",
            note_en="An existing customer's or supplier's code",
            example="C001",
        ),
        ImportColumn(
            "account",
            "账户",
            "Account",
            ColumnType.ENUM,
            required=True,
            choices=ACCOUNTS,
            aliases=("类型", "应收应付"),
            note_zh="应收（客户）或 应付（供应商）",
            note_en="receivable (a customer) or payable (a supplier)",
            example="应收",
        ),
        ImportColumn(
            "amount",
            "金额",
            "Amount",
            ColumnType.DECIMAL,
            required=True,
            scale=MONEY_SCALE,
            aliases=("期初金额",),
            note_zh="欠款为正数；预收/预付为负数；不能为 0",
            note_en="Owed: positive; paid in advance: negative; not 0",
            example="1200",
        ),
        ImportColumn(
            "due_date",
            "到期日",
            "Due date",
            ColumnType.DATE,
            note_zh="YYYY-MM-DD；空白为期初日期",
            note_en="YYYY-MM-DD; empty means the opening date",
            example="2025-01-31",
        ),
        ImportColumn(
            "date",
            "期初日期",
            "Date",
            ColumnType.DATE,
            aliases=("日期",),
            note_zh="YYYY-MM-DD，须在未结账的月份；空白为今天",
            note_en="YYYY-MM-DD, in an open month; empty means today",
            example="",
        ),
    ),
    key=("partner", "account", "due_date"),
)
