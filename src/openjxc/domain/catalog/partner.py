"""Partners (往来单位): customers, suppliers, or both, with their contacts and terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PartnerKind(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    BOTH = "both"

    @property
    def is_customer(self) -> bool:
        return self in (PartnerKind.CUSTOMER, PartnerKind.BOTH)

    @property
    def is_supplier(self) -> bool:
        return self in (PartnerKind.SUPPLIER, PartnerKind.BOTH)


@dataclass(eq=False)
class PartnerContact:
    name: str
    phone: str = ""
    email: str = ""
    position: str = ""
    id: int | None = None


@dataclass(eq=False)
class Partner:
    code: str
    name: str
    kind: PartnerKind
    contacts: list[PartnerContact] = field(default_factory=list)
    address: str = ""
    tax_number: str = ""
    #: the partner's usual VAT rate (a small-scale supplier invoices 3%); None: the product's
    tax_rate: Decimal | None = None
    payment_terms_days: int = 0
    #: None means no limit
    credit_limit: Decimal | None = None
    price_level: int | None = None
    strategic: bool = False
    pinyin: str = ""
    active: bool = True
    id: int | None = None


def contact(
    name: object, phone: object, email: object, position: object, index: int
) -> PartnerContact:
    """A checked contact person; ``index`` places errors (``contacts.1.email``)."""
    mail = text.optional_text(email, f"contacts.{index}.email", 100)
    if mail and not _EMAIL.match(mail):
        raise ValidationError("invalid_email", field=f"contacts.{index}.email", value=mail)
    return PartnerContact(
        name=text.name(name, f"contacts.{index}.name", 50),
        phone=text.optional_text(phone, f"contacts.{index}.phone", 50),
        email=mail,
        position=text.optional_text(position, f"contacts.{index}.position", 50),
    )
