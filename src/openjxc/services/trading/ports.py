"""What trading needs from storage: the partner ledger and the links between lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from openjxc.domain.documents.approval_rules import Rule, Step
from openjxc.domain.trading.accounts import Account, EntrySource, OpenItem


@dataclass(frozen=True)
class NewEntry:
    partner_id: int
    account: Account
    date: dt.date
    amount: Decimal  # signed: + charge, - credit
    source: EntrySource
    number: str
    due_date: dt.date | None = None
    document_id: int | None = None
    payment_id: int | None = None
    reverses_entry_id: int | None = None
    created_by: int | None = None
    # the store (or head office) the entry belongs to: its document's, payment's or given
    # (None: the company as a whole, before any organisation was set up)
    organisation_id: int | None = field(kw_only=True)


@dataclass(frozen=True)
class StoredEntry:
    id: int
    partner_id: int
    account: Account
    date: dt.date
    amount: Decimal
    number: str
    source: EntrySource
    document_id: int | None = None
    payment_id: int | None = None
    organisation_id: int | None = None


class PartnerLedger(Protocol):
    def lock(self, partner_id: int, account: Account) -> Decimal:
        """Lock the partner's balance row on that account (creating it) and return it.

        Every posting and settlement of the account takes this lock first, so two clerks can
        never settle the same charge twice.
        """
        ...

    def post(self, entry: NewEntry) -> int:
        """Append an entry and add it to the balance cache (the account must be locked)."""
        ...

    def live_entries(
        self, document_id: int | None = None, payment_id: int | None = None
    ) -> list[StoredEntry]:
        """A document's or payment's entries that no later entry reverses."""
        ...

    def open_items(
        self,
        partner_id: int,
        account: Account,
        credits: bool,
        within: frozenset[int] | None = None,
    ) -> list[OpenItem]:
        """Live charges (or credits) with something left to settle, oldest first; ``within``:
        only those of these organisations (None: all)."""
        ...

    def settled(self, entry_ids: Sequence[int]) -> dict[int, Decimal]:
        """How much of each entry is settled (positive)."""
        ...

    def settle(self, charge_id: int, credit_id: int, amount: Decimal, user_id: int | None) -> None:
        """Record a settlement (a negative amount undoes one)."""
        ...

    def settlements(self, entry_id: int) -> list[tuple[int, int, Decimal]]:
        """(charge, credit, amount) still in effect that involve the entry."""
        ...


class TradeLines(Protocol):
    def documents_of(self, line_ids: Sequence[int]) -> dict[int, int]:
        """The document of each of these lines that exists."""
        ...

    def sourced_qty(
        self, line_ids: Sequence[int], exclude_document_id: int | None = None
    ) -> dict[int, Decimal]:
        """Base quantity of approved lines that name each of these lines as their source."""
        ...

    def open_orders(self, partner_id: int, kind: str) -> list[int]:
        """Ids of the partner's approved or partly fulfilled orders of that type."""
        ...

    def drafts_of(self, document_id: int, kind: str) -> list[int]:
        """Ids of draft documents of type ``kind`` with a line sourced from this one's lines,
        oldest first."""
        ...

    def dependants(self, document_id: int) -> list[str]:
        """Numbers of approved documents with a line sourced from one of this one's lines."""
        ...


class PriceBook(Protocol):
    """Reference sale prices per base unit, tax-exclusive."""

    def customer_price(self, partner_id: int, product_id: int) -> Decimal | None: ...
    def level_price(self, product_id: int, level: int) -> Decimal | None: ...
    def last_sale_price(self, partner_id: int, product_id: int) -> Decimal | None:
        """The price of the latest approved delivery line of the product to the customer."""
        ...

    def min_prices(self, product_ids: Sequence[int]) -> dict[int, Decimal]:
        """最低售价 of those products that have one."""
        ...

    def set_customer_price(
        self, partner_id: int, product_id: int, price: Decimal | None
    ) -> None: ...
    def set_level_price(self, product_id: int, level: int, price: Decimal | None) -> None: ...


class ApprovalRules(Protocol):
    def rules(self, document_type: str | None = None) -> list[Rule]: ...
    def add(
        self,
        document_type: str,
        min_amount: Decimal | None,
        condition: str | None,
        steps: list[Step],
    ) -> int: ...
    def update(self, rule: Rule) -> bool: ...
    def delete(self, rule_id: int) -> bool: ...
    def record(
        self, document_id: int, step: int, action: str, user_id: int | None, comment: str
    ) -> None: ...
    def approvers(self, document_id: int, last: int) -> list[int | None]: ...
