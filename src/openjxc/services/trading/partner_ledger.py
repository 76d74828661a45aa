"""Posting to the partner ledger (应收应付) and settling (核销) its entries.

Every write takes the partner account's lock first (``PartnerLedger.lock``): postings and
settlements of one partner's account serialise, so the same charge can never be settled
twice by two clerks at once, and open amounts are read under the lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import limits
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, money, plain
from openjxc.domain.trading.accounts import Account, EntrySource, OpenItem
from openjxc.domain.trading.settlement import allocate
from openjxc.services import lookup
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_postable
from openjxc.services.organisations import organisation_for
from openjxc.services.retry import retry_transient
from openjxc.services.trading.ports import NewEntry, StoredEntry
from openjxc.services.unit_of_work import UnitOfWork


def reverse_entries(uow: UnitOfWork, entries: list[StoredEntry], user_id: int | None) -> None:
    """反审核: append the opposite of each entry; a settled entry must be unsettled first."""
    settled = uow.partner_ledger.settled([e.id for e in entries])
    for entry in entries:
        if settled.get(entry.id, ZERO) != ZERO:
            raise ValidationError("document_settled", number=entry.number)
    for entry in entries:
        uow.partner_ledger.post(
            NewEntry(
                entry.partner_id,
                entry.account,
                entry.date,
                -entry.amount,
                entry.source,
                entry.number,
                document_id=entry.document_id,
                payment_id=entry.payment_id,
                reverses_entry_id=entry.id,
                created_by=user_id,
                organisation_id=entry.organisation_id,
            )
        )


def undo_settlements(uow: UnitOfWork, entry: StoredEntry, user_id: int | None) -> Decimal:
    """Undo every settlement the entry takes part in; returns the amount released."""
    released = ZERO
    for charge, credit, amount in uow.partner_ledger.settlements(entry.id):
        uow.partner_ledger.settle(charge, credit, -amount, user_id)
        released += amount
    return released


def settle_entry(
    uow: UnitOfWork,
    credit: StoredEntry,
    chosen: Mapping[str, Decimal] | None,
    user_id: int | None,
    within: frozenset[int] | None = None,
) -> list[tuple[str, Decimal]]:
    """Settle a credit against open charges of its account (``within``: of these
    organisations only): oldest first, or ``chosen`` (document number -> amount). The account
    must be locked. Returns (number, amount)."""
    left = -credit.amount - uow.partner_ledger.settled([credit.id]).get(credit.id, ZERO)
    charges = uow.partner_ledger.open_items(
        credit.partner_id, credit.account, credits=False, within=within
    )
    picked: dict[int, Decimal] | None = None
    if chosen is not None:
        by_number = {c.number: c for c in charges}
        picked = {}
        for number, amount in chosen.items():
            item = by_number.get(number)
            if item is None:
                raise ValidationError("nothing_open", field="settle", value=number)
            picked[item.entry_id] = amount
    names = {c.entry_id: c.number for c in charges}
    done = []
    for charge_id, amount in allocate(left, charges, picked):
        uow.partner_ledger.settle(charge_id, credit.id, amount, user_id)
        done.append((names[charge_id], amount))
    return done


def owed(charges: list[OpenItem]) -> Decimal:
    return sum((c.open for c in charges), ZERO)


@dataclass(frozen=True)
class OpeningInput:
    partner: str | int
    account: str
    amount: object  # positive: owed (应收/应付); negative: paid in advance (预收/预付)
    date: dt.date
    due_date: dt.date | None = None
    organisation: str | int | None = None  # default: the caller's store, else head office


@retry_transient
def create_opening_balance(data: OpeningInput, actor: Actor, uow: UnitOfWork) -> str:
    """期初应收/应付: post a partner's opening balance; returns its number (QCD…)."""
    actor.require(Permission.PAYMENT_WRITE)
    account, amount = check_opening(data.account, data.amount)
    with uow:
        require_postable(uow, data.date)
        partner: Partner = lookup.resolve(uow.partners, data.partner, "partner")
        check_partner_kind(partner, account)
        number = post_opening(uow, partner, account, amount, data, actor)
        uow.commit()
    return number


def check_opening(account: str, amount: object) -> tuple[Account, Decimal]:
    """An opening balance's account and amount (not zero: negative is paid in advance)."""
    checked = _account(account)
    value = money(amount)
    limits.within(value, "amount", "money")  # a document's bound: sums of many stay exact
    if value == ZERO:
        raise ValidationError("not_positive", field="amount")
    return checked, value


def post_opening(
    uow: UnitOfWork,
    partner: Partner,
    account: Account,
    amount: Decimal,
    data: OpeningInput,
    actor: Actor,
) -> str:
    """:func:`create_opening_balance` inside an open unit of work, its checks made (the
    caller commits); returns the number."""
    number = next_number(uow, DocumentType.OPENING_STOCK, data.date)
    uow.partner_ledger.lock(partner.id or 0, account)
    uow.partner_ledger.post(
        NewEntry(
            partner.id or 0,
            account,
            data.date,
            amount,
            EntrySource.OPENING,
            number,
            due_date=data.due_date or data.date,
            created_by=actor.user_id,
            organisation_id=organisation_for(uow, actor, data.organisation),
        )
    )
    uow.audit.record(
        actor,
        "partner_ledger.opening",
        "partner",
        partner.code,
        after={"account": account.value, "amount": plain(amount), "number": number},
    )
    return number


def _account(value: str) -> Account:
    try:
        return Account(value)
    except ValueError:
        raise ValidationError("invalid_choice", field="account", value=str(value)) from None


def check_partner_kind(partner: Partner, account: Account) -> None:
    """A receivable is a customer's, a payable a supplier's."""
    ok = partner.kind.is_customer if account is Account.RECEIVABLE else partner.kind.is_supplier
    if not ok:
        raise ValidationError(
            "wrong_partner_kind",
            field="partner",
            value=partner.code,
            kind="customer" if account is Account.RECEIVABLE else "supplier",
        )
