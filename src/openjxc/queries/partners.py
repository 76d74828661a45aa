"""Read side for partners (customers and suppliers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.shared.errors import NotFound
from openjxc.queries._paging import by_ref, contains, page, search_text

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


def _select() -> Any:
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
    """Partners by code; ``kind=customer`` includes partners that are both."""
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
    return _with_contacts(session, rows), count


def get_partner(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    actor.require(Permission.PARTNER_READ)
    condition, preference = by_ref(catalog.partner, ref)
    row = session.execute(_select().where(condition).order_by(preference)).mappings().first()
    if row is None:
        raise NotFound("partner", ref)
    return _with_contacts(session, [dict(row)])[0]


def _with_contacts(session: Session, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    c = catalog.partner_contact
    contacts: dict[int, list[dict[str, Any]]] = {}
    query = select(c).where(c.c.partner_id.in_([r["id"] for r in rows])).order_by(c.c.id)
    for row in session.execute(query).mappings():
        contacts.setdefault(row["partner_id"], []).append(
            {k: row[k] for k in ("name", "phone", "email", "position")}
        )
    return [{**r, "contacts": contacts.get(r["id"], [])} for r in rows]
