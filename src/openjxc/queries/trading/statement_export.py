"""往来对账单 as a file: the same figures as ``GET /partner-ledger/statement``, laid out the
way a statement is printed — 期初 row, one row per entry (增加 / 减少 / 余额), 期末 row."""

from __future__ import annotations

from collections.abc import Iterator

from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import EntrySource
from openjxc.queries.reports.framework import Column, Kind
from openjxc.queries.rows import fields_of
from openjxc.queries.trading.statements import Statement

#: what an entry comes from, in the words of the web 往来对账单 (a test keeps them equal)
SOURCE_LABELS: dict[str, tuple[str, str]] = {
    EntrySource.OPENING: ("期初余额", "Opening balance"),
    EntrySource.PURCHASE_RECEIPT: ("采购入库", "Purchase receipt"),
    EntrySource.PURCHASE_RETURN: ("采购退货", "Purchase return"),
    EntrySource.SALES_DELIVERY: ("销售出库", "Sales delivery"),
    EntrySource.SALES_RETURN: ("销售退货", "Sales return"),
    EntrySource.RETAIL_SALE: ("零售单", "Retail sale"),
    EntrySource.RETAIL_RETURN: ("零售退货", "Retail return"),
    EntrySource.CUSTOMER_RECEIPT: ("收款单", "Customer receipt"),
    EntrySource.SUPPLIER_PAYMENT: ("付款单", "Supplier payment"),
}

COLUMNS = (
    Column("date", "日期", "Date", Kind.DATE),
    Column("number", "单据编号", "Number"),
    Column("source", "业务类型", "Source", labels=SOURCE_LABELS),
    Column("due_date", "到期日", "Due date", Kind.DATE),
    Column("increase", "增加", "Increase", Kind.MONEY),
    Column("decrease", "减少", "Decrease", Kind.MONEY),
    Column("balance", "余额", "Balance", Kind.MONEY),
    Column("reverses", "冲回单据", "Reverses"),
)

_WORDS = {
    "zh-CN": ("期初余额", "本期合计 / 期末余额"),
    "en": ("Opening balance", "Period total / closing"),
}


def statement_rows(statement: Statement, language: str) -> Iterator[dict[str, object]]:
    """The rows of ``statement``, by column key."""
    opening, closing = _WORDS.get(language, _WORDS["en"])
    yield {"date": statement.since, "source": opening, "balance": statement.opening}
    for line in statement.lines:
        amount = line.amount
        yield {
            **fields_of(line),
            "increase": amount if amount > ZERO else None,
            "decrease": -amount if amount < ZERO else None,
        }
    yield {
        "date": statement.until,
        "source": closing,
        "increase": statement.increase,
        "decrease": statement.decrease,
        "balance": statement.closing,
    }
