"""What retail needs from storage (adapters/db/retail_book.py implements it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol


@dataclass(frozen=True)
class Terminal:
    """A registered till (收银终端) of a store: it signs in as its own user."""

    id: int
    code: str
    name: str
    organisation_id: int
    warehouse_id: int
    user_id: int
    active: bool = True


@dataclass(frozen=True)
class PaymentLine:
    method: str
    amount: Decimal
    partner_id: int | None = None  # 挂账: the customer it is owed by


@dataclass(frozen=True)
class SaleRecord:
    """The retail part of a posted 零售单/零售退货 (its document holds the rest)."""

    document_id: int
    terminal_id: int | None
    client_id: str | None
    occurred_at: dt.datetime
    cashier_id: int | None
    member_id: int | None
    discount: Decimal
    rounding: Decimal
    change: Decimal
    original_document_id: int | None
    payments: tuple[PaymentLine, ...] = field(default=())


@dataclass(frozen=True)
class Queued:
    """A transaction kept in the 异常单 queue, as received, with why it did not post."""

    id: int
    terminal_id: int
    client_id: str
    organisation_id: int
    payload: dict[str, Any]
    reason: str
    reason_params: dict[str, Any]
    status: str  # open, posted
    attempts: int
    document_id: int | None


OPEN, POSTED = "open", "posted"


class RetailBook(Protocol):
    def add_terminal(self, terminal: Terminal) -> int:
        """Insert ``terminal`` (its id is ignored) and return the new id."""

    def terminal(self, terminal_id: int) -> Terminal | None: ...
    def terminal_by_code(self, code: str) -> Terminal | None: ...
    def terminal_of_user(self, user_id: int) -> Terminal | None: ...
    def set_terminal_active(self, terminal_id: int, active: bool) -> None: ...
    def lock_terminal(self, terminal_id: int) -> None:
        """Serialise the transactions of one terminal (PostgreSQL: its row FOR UPDATE), so a
        transaction id is looked up and written by one of them at a time."""

    def posted(self, terminal_id: int, client_id: str) -> str | None:
        """The number of the document the terminal's transaction posted as, if it did."""

    def record_sale(self, sale: SaleRecord) -> None: ...
    def sale_of(self, document_id: int) -> SaleRecord | None: ...
    def queued(self, terminal_id: int, client_id: str) -> Queued | None: ...
    def queue(
        self,
        terminal: Terminal,
        client_id: str,
        payload: dict[str, Any],
        reason: str,
        params: dict[str, Any],
        at: dt.datetime,
    ) -> int:
        """Keep a transaction that could not post; the id of its 异常单."""

    def exception(self, exception_id: int, lock: bool = False) -> Queued | None: ...
    def failed_again(self, exception_id: int, reason: str, params: dict[str, Any]) -> None:
        """A retry failed: the new reason, one attempt more."""

    def resolve(
        self, exception_id: int, document_id: int, user_id: int | None, at: dt.datetime
    ) -> None:
        """The queued transaction posted as ``document_id``."""

    def open_exceptions(self, terminal_id: int, reason: str) -> list[int]:
        """Ids of the terminal's open 异常单 that failed for ``reason``, oldest first."""
