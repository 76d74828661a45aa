"""The partner ledger (应收应付): which side an entry is on and what posted it.

An entry's amount is signed: positive raises what is owed (a delivery raises what the
customer owes us, a receipt what we owe the supplier), negative lowers it (money received or
paid, a return). Positive entries are *charges*, negative ones *credits*; settlement (核销)
pairs them. A credit left unsettled is 预收 (receivable side) or 预付 (payable side).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Account(StrEnum):
    RECEIVABLE = "receivable"  # 应收
    PAYABLE = "payable"  # 应付


class EntrySource(StrEnum):
    OPENING = "opening"  # 期初应收/应付
    PURCHASE_RECEIPT = "purchase_receipt"
    PURCHASE_RETURN = "purchase_return"
    SALES_DELIVERY = "sales_delivery"
    SALES_RETURN = "sales_return"
    RETAIL_SALE = "retail_sale"  # 零售单's 挂账 part
    RETAIL_RETURN = "retail_return"  # 零售退货 refunded to the account
    CUSTOMER_RECEIPT = "customer_receipt"  # 收款单
    SUPPLIER_PAYMENT = "supplier_payment"  # 付款单


@dataclass(frozen=True)
class OpenItem:
    """An entry not yet fully settled: ``open`` is what remains, always positive."""

    entry_id: int
    number: str
    date: dt.date
    due_date: dt.date | None
    amount: Decimal  # signed, as posted
    open: Decimal
