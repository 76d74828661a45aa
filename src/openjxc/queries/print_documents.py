"""What a printed document shows: the document, its company header and its partner.

The figures are those of ``documents.get_document`` (and ``stocktakes.get_stocktake`` for a
盘点表, so a blind count stays blind on paper); this adds the organisation the document
belongs to, the partner's address and contact, and the warehouses' names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory, system
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.queries import documents, stocktakes
from openjxc.queries.rows import fields_of
from openjxc.queries.trading.statements import statement
from openjxc.services.lookup import as_id

s = system.setting
d, o, w, pt, ct = (
    inventory.document,
    catalog.organisation,
    catalog.warehouse,
    catalog.partner,
    catalog.partner_contact,
)


def printable_document(session: Session, actor: Actor, ref: str) -> dict[str, Any]:
    """The document with its lines, ``company``, ``partner_info`` and warehouse names."""
    header = documents.get_document(session, actor, ref)
    if header["type"] == "stocktake":
        header = stocktakes.get_stocktake(session, actor, ref)
    extra = session.execute(
        select(d.c.organisation_id, d.c.warehouse_id, d.c.to_warehouse_id, d.c.partner_id).where(
            d.c.id == header["id"]
        )
    ).one()
    header["company"] = company(session, extra.organisation_id)
    ids = [extra.warehouse_id, extra.to_warehouse_id]
    names = {r.id: r.name for r in session.execute(select(w.c.id, w.c.name).where(w.c.id.in_(ids)))}
    header["warehouse_name"] = names.get(extra.warehouse_id, "")
    header["to_warehouse_name"] = names.get(extra.to_warehouse_id, "")
    header["partner_info"] = partner(session, extra.partner_id)
    return header


def company(session: Session, organisation_id: int | None) -> dict[str, Any]:
    """The organisation's name, address and phone (the first organisation when none), with
    the company's tax number, bank, account and logo (a ``data:`` URL of our PNG, or None)."""
    query = select(o.c.code, o.c.name, o.c.address, o.c.phone)
    query = query.where(o.c.id == organisation_id) if organisation_id else query.order_by(o.c.id)
    row = session.execute(query.limit(1)).mappings().first()
    found = dict(row) if row else {"code": "", "name": "", "address": "", "phone": ""}
    details = _setting(session, "company_details") or {}
    logo = _setting(session, "company_logo") or {}
    return {
        **found,
        **{k: str(details.get(k) or "") for k in ("tax_number", "bank_name", "bank_account")},
        "logo": f"data:image/png;base64,{logo['data']}" if logo.get("data") else None,
    }


def print_columns(session: Session, doc_type: str) -> str | None:
    """The columns the company chose for ``doc_type`` (comma list), or None for defaults."""
    chosen = (_setting(session, "print_columns") or {}).get(doc_type)
    return ",".join(chosen) if chosen else None


def _setting(session: Session, key: str) -> Any:
    return session.execute(select(s.c.value).where(s.c.key == key)).scalar()


def partner(session: Session, partner_id: int | None) -> dict[str, Any] | None:
    """A partner's name, address, tax number and first contact, for the document header."""
    if partner_id is None:
        return None
    row = (
        session.execute(
            select(pt.c.id, pt.c.code, pt.c.name, pt.c.address, pt.c.tax_number).where(
                pt.c.id == partner_id
            )
        )
        .mappings()
        .one()
    )
    contact = (
        session.execute(
            select(ct.c.name, ct.c.phone).where(ct.c.partner_id == partner_id).order_by(ct.c.id)
        )
        .mappings()
        .first()
    )
    return {
        **row,
        "contact": contact["name"] if contact else "",
        "phone": contact["phone"] if contact else "",
    }


def printable_statement(
    session: Session, actor: Actor, partner_ref: str, account: str, since: date, until: date
) -> dict[str, Any]:
    """往来对账单 of one partner and account for a period, with the company header."""
    actor.require(Permission.LEDGER_READ)
    row = session.execute(
        select(pt.c.id).where((pt.c.code == partner_ref) | (pt.c.id == _int(partner_ref)))
    ).first()
    if row is None:
        raise NotFound("partner", partner_ref)
    first_org = actor.organisation_ids and min(actor.organisation_ids)
    return {
        **fields_of(statement(session, actor, row.id, account, since, until)),
        "partner_info": partner(session, row.id),
        "company": company(session, first_org or None),
    }


def _int(ref: str) -> int:
    return as_id(ref) or -1
