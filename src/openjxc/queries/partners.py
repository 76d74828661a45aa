"""Read side for partners (customers and suppliers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, system
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.catalog.price_levels import level_names
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import by_ref, contains, page, search_text
from openjxc.queries.rows import fields_of, row_of

_COLUMNS = (
    "id",
    "code",
    "name",
    "kind",
    "address",
    "tax_number",
    "tax_rate",
    "payment_terms_days",
    "credit_limit",
    "price_level",
    "strategic",
    "active",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class ContactRow:
    name: str
    phone: str
    email: str
    position: str


@dataclass(frozen=True, slots=True)
class PartnerRow:
    id: int
    code: str
    name: str
    kind: PartnerKind
    address: str
    tax_number: str
    tax_rate: Decimal | None
    payment_terms_days: int
    credit_limit: Decimal | None
    price_level: int | None
    strategic: bool
    active: bool
    created_at: datetime
    updated_at: datetime
    contacts: tuple[ContactRow, ...]
    price_level_name: str | None = None


PRICE_LEVEL_NAMES = "price_level_names"  # the setting services.trading.price_levels keeps


def price_level_names(session: Session) -> dict[int, str]:
    """Every level 1–10 and its name (零售价, 批发价 … or what the company called it)."""
    stored = session.execute(
        select(system.setting.c.value).where(system.setting.c.key == PRICE_LEVEL_NAMES)
    ).scalar()
    return level_names(stored)


def _select() -> Select[Any]:
    t = catalog.partner
    return select(*(t.c[name] for name in _COLUMNS))


def list_partners(
    session: Session,
    actor: Actor,
    *,
    q: str | None = None,
    kind: PartnerKind | None = None,
    active: bool | None = None,
    strategic: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Partners by code; ``kind=customer`` includes partners that are both.

    Still rows by name, not ``PartnerRow``s: the document editor, being rewritten, reads them
    so; its partner options move to ``PartnerRow`` with it."""
    actor.require(Permission.PARTNER_READ)
    t, c = catalog.partner, catalog.partner_contact
    query = _select()
    text = search_text(q)
    if text:
        query = query.where(
            or_(
                contains(t.c.code, text),
                contains(t.c.name, text),
                contains(t.c.pinyin, text),
                t.c.id.in_(
                    select(c.c.partner_id).where(or_(contains(c.c.name, text), c.c.phone == text))
                ),
            )
        )
    if kind is not None and kind is not PartnerKind.BOTH:
        query = query.where(t.c.kind.in_([kind, PartnerKind.BOTH]))
    elif kind is PartnerKind.BOTH:
        query = query.where(t.c.kind == PartnerKind.BOTH)
    if active is not None:
        query = query.where(t.c.active == active)
    if strategic is not None:
        query = query.where(t.c.strategic == strategic)
    rows, count = page(session, query, t.c.code, limit, offset)
    contacts = _contacts(session, [r["id"] for r in rows])
    names = price_level_names(session)
    found = [
        {
            **r,
            "contacts": [fields_of(c) for c in contacts.get(r["id"], [])],
            "price_level_name": names.get(r["price_level"]) if r["price_level"] else None,
        }
        for r in rows
    ]
    return found, count


def get_partner(session: Session, actor: Actor, ref: str) -> PartnerRow:
    actor.require(Permission.PARTNER_READ)
    condition, preference = by_ref(catalog.partner, ref)
    row = session.execute(_select().where(condition).order_by(preference)).first()
    if row is None:
        raise NotFound("partner", ref)
    contacts = _contacts(session, [row.id]).get(row.id, [])
    name = price_level_names(session).get(row.price_level) if row.price_level else None
    return row_of(PartnerRow, row, contacts=tuple(contacts), price_level_name=name)


def _contacts(session: Session, partner_ids: list[int]) -> dict[int, list[ContactRow]]:
    """The partners' contacts, in the order they were added."""
    c = catalog.partner_contact
    query = select(c.c.partner_id, c.c.name, c.c.phone, c.c.email, c.c.position)
    contacts: dict[int, list[ContactRow]] = {}
    for row in session.execute(query.where(c.c.partner_id.in_(partner_ids)).order_by(c.c.id)):
        contact = ContactRow(name=row.name, phone=row.phone, email=row.email, position=row.position)
        contacts.setdefault(row.partner_id, []).append(contact)
    return contacts
