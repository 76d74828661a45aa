"""收款单 (SKD) and 付款单 (FKD): money in and out, settled (核销) against open documents.

Approval posts a credit to the partner's account and settles it — oldest open document
first, or as chosen, or not at all. What is left stays 预收/预付 and can be applied later.
Paying more than is owed is refused unless the payment is marked as a prepayment.
反审核 is refused while any of the payment is settled: undo the settlement first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.shared import clock, limits, text
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import ZERO, money, plain
from openjxc.domain.trading.payment import Payment, PaymentType
from openjxc.services import lookup
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_open, require_postable
from openjxc.services.organisations import organisation_for, subtree
from openjxc.services.retry import retry_transient
from openjxc.services.trading.partner_ledger import (
    owed,
    reverse_entries,
    settle_entry,
    undo_settlements,
)
from openjxc.services.trading.ports import NewEntry, StoredEntry
from openjxc.services.unit_of_work import UnitOfWork

#: how to settle: None = oldest first; {} = leave unapplied; {number: amount} = as chosen
#: the settlement asked for: oldest open first (None), or (document, amount) lines, each
#: document once (a mapping, as the CLI and tests give it, cannot repeat one)
Settle = Mapping[str, object] | Sequence[tuple[str, object]] | None


@dataclass(frozen=True)
class PaymentInput:
    type: str
    date: dt.date
    partner: str | int
    amount: object
    method: str = ""
    account: str = ""
    prepayment: bool = False
    remarks: str = ""
    organisation: str | int | None = None  # default: the caller's store, else head office


@retry_transient
def create_payment(data: PaymentInput, actor: Actor, uow: UnitOfWork) -> Payment:
    """Create a draft 收款单/付款单 with its number."""
    actor.require(Permission.PAYMENT_WRITE)
    kind = _type(data.type)
    with uow:
        partner, amount = _checked(uow, kind, data)
        payment = Payment(
            kind,
            next_number(uow, kind, data.date),
            data.date,
            organisation_for(uow, actor, data.organisation),
            partner.id or 0,
            amount,
            created_by=actor.user_id,
        )
        _fill(payment, data)
        uow.payments.add(payment)
        uow.flush()
        uow.audit.record(
            actor, "payment.create", "payment", payment.number, after={"amount": plain(amount)}
        )
        uow.commit()
    return payment


@retry_transient
def update_payment(ref: str | int, data: PaymentInput, actor: Actor, uow: UnitOfWork) -> Payment:
    """Change a draft 收款单/付款单 (its type and number stay); a posted one is refused."""
    actor.require(Permission.PAYMENT_WRITE)
    with uow:
        payment = _locked(uow, ref, actor)
        payment.require_editable()
        if _type(data.type) is not payment.type:
            raise ValidationError("field_not_editable", field="type")
        require_open(uow, payment.date)
        partner, amount = _checked(uow, payment.type, data)
        before = {"date": payment.date.isoformat(), "amount": plain(payment.amount)}
        payment.date, payment.partner_id, payment.amount = data.date, partner.id or 0, amount
        if data.organisation is not None:
            payment.organisation_id = organisation_for(uow, actor, data.organisation)
        _fill(payment, data)
        uow.audit.record(
            actor,
            "payment.update",
            "payment",
            payment.number,
            before=before,
            after={"date": data.date.isoformat(), "amount": plain(amount)},
        )
        uow.commit()
    return payment


def _checked(uow: UnitOfWork, kind: PaymentType, data: PaymentInput) -> tuple[Partner, Decimal]:
    """The amount (positive) and the partner (of the right kind), in an open period."""
    amount = money(data.amount)
    limits.within(amount, "amount", "money")  # a document's bound: sums of many stay exact
    if amount <= ZERO:
        raise ValidationError("not_positive", field="amount")
    require_postable(uow, data.date)
    partner: Partner = lookup.resolve(uow.partners, data.partner, "partner")
    customer = kind is PaymentType.CUSTOMER_RECEIPT
    if not (partner.kind.is_customer if customer else partner.kind.is_supplier):
        raise ValidationError(
            "wrong_partner_kind",
            field="partner",
            value=partner.code,
            kind="customer" if customer else "supplier",
        )
    return partner, amount


def _fill(payment: Payment, data: PaymentInput) -> None:
    payment.method = text.optional_text(data.method, "method", 32)
    payment.account = text.optional_text(data.account, "account", 64)
    payment.prepayment = data.prepayment
    payment.remarks = text.optional_text(data.remarks, "remarks", 500)


@retry_transient
def approve_payment(ref: str | int, settle: Settle, actor: Actor, uow: UnitOfWork) -> Payment:
    """Approve: post the money to the partner's account and settle it as asked."""
    actor.require(Permission.PAYMENT_APPROVE)
    with uow:
        payment = _locked(uow, ref, actor)
        require_postable(uow, payment.date)
        payment.approve(actor.user_id, clock.now())
        account = payment.type.account
        uow.partner_ledger.lock(payment.partner_id, account)
        # a store's money settles the store's documents; head office's, anyone's
        within = subtree(uow, payment.organisation_id)
        charges = uow.partner_ledger.open_items(
            payment.partner_id, account, credits=False, within=within
        )
        if not payment.prepayment and payment.amount > owed(charges):
            raise ValidationError(
                "payment_exceeds_owed",
                field="amount",
                amount=plain(payment.amount),
                owed=plain(owed(charges)),
            )
        entry = _post(uow, payment, actor)
        settled = _settle(uow, entry, settle, actor, within)
        uow.audit.record(
            actor,
            "payment.approve",
            "payment",
            payment.number,
            after={"settled": {n: plain(a) for n, a in settled}},
        )
        uow.commit()
    return payment


@retry_transient
def settle_payment(ref: str | int, settle: Settle, actor: Actor, uow: UnitOfWork) -> Payment:
    """Apply what is left of an approved payment (预收/预付) to open documents."""
    actor.require(Permission.PAYMENT_APPROVE)
    with uow:
        payment, entry = _approved_entry(uow, ref, actor)
        uow.partner_ledger.lock(payment.partner_id, payment.type.account)
        settled = _settle(uow, entry, settle, actor, subtree(uow, payment.organisation_id))
        if not settled:
            raise ValidationError("nothing_to_settle", number=payment.number)
        uow.audit.record(
            actor,
            "payment.settle",
            "payment",
            payment.number,
            after={"settled": {n: plain(a) for n, a in settled}},
        )
        uow.commit()
    return payment


@retry_transient
def unsettle_payment(ref: str | int, actor: Actor, uow: UnitOfWork) -> Payment:
    """Undo every settlement of an approved payment (its money becomes unapplied again)."""
    actor.require(Permission.PAYMENT_APPROVE)
    with uow:
        payment, entry = _approved_entry(uow, ref, actor)
        uow.partner_ledger.lock(payment.partner_id, payment.type.account)
        released = undo_settlements(uow, entry, actor.user_id)
        uow.audit.record(
            actor,
            "payment.unsettle",
            "payment",
            payment.number,
            after={"released": plain(released)},
        )
        uow.commit()
    return payment


@retry_transient
def unapprove_payment(ref: str | int, actor: Actor, uow: UnitOfWork) -> Payment:
    """反审核: refused while any of the payment is settled."""
    actor.require(Permission.PAYMENT_APPROVE)
    with uow:
        payment = _locked(uow, ref, actor)
        require_open(uow, payment.date)
        payment.unapprove()
        uow.partner_ledger.lock(payment.partner_id, payment.type.account)
        reverse_entries(uow, uow.partner_ledger.live_entries(payment_id=payment.id), actor.user_id)
        uow.audit.record(actor, "payment.unapprove", "payment", payment.number)
        uow.commit()
    return payment


@retry_transient
def void_payment(ref: str | int, actor: Actor, uow: UnitOfWork) -> Payment:
    """作废 a payment that was never approved."""
    actor.require(Permission.PAYMENT_WRITE)
    with uow:
        payment = _locked(uow, ref, actor)
        payment.void()
        uow.audit.record(actor, "payment.void", "payment", payment.number)
        uow.commit()
    return payment


def get_payment(uow: UnitOfWork, ref: str | int) -> Payment:
    payment = uow.payments.by_number(str(ref)) if isinstance(ref, str) else None
    if payment is None and (id := lookup.as_id(ref)) is not None:
        payment = uow.payments.get(id)
    if payment is None:
        raise NotFound("payment", ref)
    return payment


def _locked(uow: UnitOfWork, ref: str | int, actor: Actor) -> Payment:
    payment = get_payment(uow, ref)
    if not actor.sees_payment(payment):
        raise NotFound("payment", ref)  # another store's (or colleague's) money: not there
    uow.payments.lock(payment)
    return payment


def _approved_entry(uow: UnitOfWork, ref: str | int, actor: Actor) -> tuple[Payment, StoredEntry]:
    payment = _locked(uow, ref, actor)
    entries = uow.partner_ledger.live_entries(payment_id=payment.id)
    if not entries:
        raise ValidationError("invalid_transition", action="settle", status=payment.status.value)
    return payment, entries[0]


def _post(uow: UnitOfWork, payment: Payment, actor: Actor) -> StoredEntry:
    account, source = payment.type.account, payment.type.source
    entry_id = uow.partner_ledger.post(
        NewEntry(
            payment.partner_id,
            account,
            payment.date,
            -payment.amount,
            source,
            payment.number,
            payment_id=payment.id,
            created_by=actor.user_id,
            organisation_id=payment.organisation_id,
        )
    )
    return StoredEntry(
        entry_id,
        payment.partner_id,
        account,
        payment.date,
        -payment.amount,
        payment.number,
        source,
        payment_id=payment.id,
        organisation_id=payment.organisation_id,
    )


def _settle(
    uow: UnitOfWork,
    entry: StoredEntry,
    settle: Settle,
    actor: Actor,
    within: frozenset[int] | None,
) -> list[tuple[str, Decimal]]:
    """Settle the payment's credit as asked, against documents ``within`` its store's; a
    document chosen that the caller does not see has nothing open, as one that does not
    exist."""
    chosen = None if settle is None else _chosen(settle)
    if chosen == {}:
        return []
    for number in chosen or {}:
        doc = uow.documents.by_number(number)
        if doc is not None and not actor.sees_document(doc):
            raise ValidationError("nothing_open", field="settle", value=number)
    return settle_entry(uow, entry, chosen, actor.user_id, within)


def _chosen(settle: Mapping[str, object] | Sequence[tuple[str, object]]) -> dict[str, Decimal]:
    """The amount per document; a document named on two lines is refused, never merged."""
    lines = list(settle.items()) if isinstance(settle, Mapping) else list(settle)
    chosen: dict[str, Decimal] = {}
    for number, amount in lines:
        if number in chosen:
            raise ValidationError(
                "duplicate_settlement_line", field="settle", value=str(number)[:40]
            )
        chosen[number] = money(amount, "settle.amount")
    return chosen


def _type(value: str) -> PaymentType:
    try:
        return PaymentType(value)
    except ValueError:
        raise ValidationError("invalid_choice", field="type", value=str(value)) from None
