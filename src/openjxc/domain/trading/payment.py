"""Money documents: 收款单 (customer receipt, SKD) and 付款单 (supplier payment, FKD)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from openjxc.domain.documents.status import Action, Status, next_status
from openjxc.domain.trading.accounts import Account, EntrySource


class PaymentType(StrEnum):
    CUSTOMER_RECEIPT = "customer_receipt"
    SUPPLIER_PAYMENT = "supplier_payment"

    @property
    def prefix(self) -> str:
        return "SKD" if self is PaymentType.CUSTOMER_RECEIPT else "FKD"

    @property
    def account(self) -> Account:
        if self is PaymentType.CUSTOMER_RECEIPT:
            return Account.RECEIVABLE
        return Account.PAYABLE

    @property
    def source(self) -> EntrySource:
        return EntrySource(self.value)


@dataclass(eq=False)
class Payment:
    type: PaymentType
    number: str
    date: dt.date
    organisation_id: int | None
    partner_id: int
    amount: Decimal
    method: str = ""  # 现金, 银行转账, 微信 …
    account: str = ""  # the cash or bank account
    prepayment: bool = False  # 预收/预付: may exceed what is owed
    remarks: str = ""
    status: Status = Status.DRAFT
    created_by: int | None = None
    approved_by: int | None = None
    approved_at: datetime | None = None
    id: int | None = None

    def require_editable(self) -> None:
        next_status(self.status, Action.EDIT)

    def approve(self, user_id: int | None, at: datetime) -> None:
        self.status = next_status(self.status, Action.APPROVE)
        self.approved_by, self.approved_at = user_id, at

    def unapprove(self) -> None:
        self.status = next_status(self.status, Action.UNAPPROVE)
        self.approved_by = self.approved_at = None

    def void(self) -> None:
        self.status = next_status(self.status, Action.VOID)
