"""Use cases for partners (往来单位): customers and suppliers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import Partner, PartnerContact, PartnerKind, contact
from openjxc.domain.catalog.price_levels import PRICE_LEVELS
from openjxc.domain.shared import checks, text
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.domain.shared.numbers import money, rate
from openjxc.domain.shared.pinyin import initials
from openjxc.services import lookup
from openjxc.services.audit import changes, merge, snapshot
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ContactData:
    name: str
    phone: str = ""
    email: str = ""
    position: str = ""


@dataclass(frozen=True)
class PartnerData:
    code: str
    name: str
    kind: str
    contacts: tuple[ContactData, ...] = ()
    address: str = ""
    tax_number: str = ""
    tax_rate: object = None
    payment_terms_days: int = 0
    credit_limit: object = None
    price_level: int | None = None
    strategic: bool = False
    active: bool = True


def create_partner(data: PartnerData, actor: Actor, uow: UnitOfWork) -> Partner:
    """Add a customer, a supplier or both (needs the write permission of each kind)."""
    kind = checks.choice(PartnerKind, data.kind, "kind")
    require_kind(actor, kind)
    with uow:
        partner = Partner(code=text.code(data.code), name="", kind=kind)
        if uow.partners.by_code(partner.code):
            raise Conflict("duplicate", field="code", value=partner.code)
        _apply(partner, data)
        uow.partners.add(partner)
        uow.flush()
        uow.audit.record(actor, "partner.create", "partner", partner.id, after=snapshot(partner))
        uow.commit()
    return partner


def update_partner(
    ref: int | str, changes_: Mapping[str, Any], actor: Actor, uow: UnitOfWork
) -> Partner:
    """Change the fields given (``contacts`` is replaced as a whole); the code stays.

    Changing the kind needs the permissions of the old kind and of the new one.
    """
    actor.require(Permission.PARTNER_READ)
    with uow:
        partner = lookup.get(uow.partners, ref, "partner")
        require_kind(actor, partner.kind)
        uow.partners.lock(partner)
        before = snapshot(partner)
        data = merge(data_of(partner), changes_, frozen=("code",))
        require_kind(actor, checks.choice(PartnerKind, data.kind, "kind"))
        _apply(partner, data)
        uow.flush()
        old, new = changes(before, snapshot(partner))
        if new:
            uow.audit.record(actor, "partner.update", "partner", partner.id, old, new)
        uow.commit()
    return partner


def delete_partner(ref: int | str, actor: Actor, uow: UnitOfWork) -> None:
    """Delete a partner nothing uses; one with documents can only be deactivated."""
    actor.require(Permission.PARTNER_READ)
    with uow:
        partner = lookup.get(uow.partners, ref, "partner")
        require_kind(actor, partner.kind)
        if uow.references.is_referenced("partner", partner.id or 0):
            raise Conflict("in_use", entity="partner", key=partner.code)
        uow.audit.record(actor, "partner.delete", "partner", partner.id, before=snapshot(partner))
        uow.partners.delete(partner)
        uow.commit()


def require_kind(actor: Actor, kind: PartnerKind) -> None:
    """A customer needs ``customer.write``, a supplier ``supplier.write`` (both: both)."""
    if kind.is_customer:
        actor.require(Permission.CUSTOMER_WRITE)
    if kind.is_supplier:
        actor.require(Permission.SUPPLIER_WRITE)


@dataclass(frozen=True)
class CheckedPartner:
    """A partner's fields as the rules accept them (the form, the API and the import)."""

    kind: PartnerKind
    name: str
    contacts: tuple[PartnerContact, ...]
    address: str
    tax_number: str
    tax_rate: Decimal | None
    payment_terms_days: int
    credit_limit: Decimal | None
    price_level: int | None
    strategic: bool
    active: bool


def check_partner(data: PartnerData) -> CheckedPartner:
    """Every rule of a partner's fields; raises the first broken one."""
    kind = checks.choice(PartnerKind, data.kind, "kind")
    name = text.name(data.name)
    contacts = tuple(
        contact(c.name, c.phone, c.email, c.position, i) for i, c in enumerate(data.contacts)
    )
    address = text.optional_text(data.address, "address", 200)
    tax_number = text.optional_text(data.tax_number, "tax_number", 30)
    tax_rate = _optional(data.tax_rate, "tax_rate", rate)
    if tax_rate is not None and not 0 <= tax_rate < 1:
        raise ValidationError("out_of_range", field="tax_rate", minimum=0, maximum="0.9999")
    terms = checks.whole(data.payment_terms_days, "payment_terms_days", 0, 3650)
    credit_limit = _optional(data.credit_limit, "credit_limit", money)
    if credit_limit is not None and credit_limit < 0:
        raise ValidationError("negative", field="credit_limit")
    level = checks.optional_whole(data.price_level, "price_level", 1, PRICE_LEVELS)
    return CheckedPartner(
        kind,
        name,
        contacts,
        address,
        tax_number,
        tax_rate,
        terms,
        credit_limit,
        level,
        bool(data.strategic),
        bool(data.active),
    )


def _apply(partner: Partner, data: PartnerData) -> None:
    checked = check_partner(data)
    partner.kind, partner.name, partner.pinyin = checked.kind, checked.name, initials(checked.name)
    _replace_contacts(partner, list(checked.contacts))
    partner.address, partner.tax_number = checked.address, checked.tax_number
    partner.tax_rate = checked.tax_rate
    partner.payment_terms_days = checked.payment_terms_days
    partner.credit_limit = checked.credit_limit
    partner.price_level = checked.price_level
    partner.strategic, partner.active = checked.strategic, checked.active


def _replace_contacts(partner: Partner, contacts: Sequence[Any]) -> None:
    """Keep the stored rows where nothing changed, so the audit shows only real changes."""
    kept = list(partner.contacts)
    result = []
    for new in contacts:
        same = next((c for c in kept if _same(c, new)), None)
        if same is not None:
            kept.remove(same)
        result.append(same or new)
    partner.contacts = result


def _same(a: Any, b: Any) -> bool:
    return bool((a.name, a.phone, a.email, a.position) == (b.name, b.phone, b.email, b.position))


def _optional(value: object, field: str, parse: Any) -> Decimal | None:
    return None if value is None or value == "" else parse(value, field)


def data_of(partner: Partner) -> PartnerData:
    return PartnerData(
        code=partner.code,
        name=partner.name,
        kind=partner.kind,
        contacts=tuple(ContactData(c.name, c.phone, c.email, c.position) for c in partner.contacts),
        address=partner.address,
        tax_number=partner.tax_number,
        tax_rate=partner.tax_rate,
        payment_terms_days=partner.payment_terms_days,
        credit_limit=partner.credit_limit,
        price_level=partner.price_level,
        strategic=partner.strategic,
        active=partner.active,
    )
