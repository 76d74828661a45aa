"""Importing partners (往来单位): customers and suppliers. The rules are
``services.partners.check_partner``'s (the form's and the API's) and ``require_kind``'s (a
customer needs ``customer.write``, a supplier ``supplier.write``, checked row by row).

A column the file lacks keeps what a partner has; an empty cell in a column the file has
empties the field (terms: 0, credit limit: no limit, tax rate: the products' own; 启用:
kept). The contact and phone columns are the partner's first contact; others are kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from openjxc.domain.catalog import price_levels
from openjxc.domain.catalog.partner import Partner, PartnerKind
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.partners import KIND
from openjxc.domain.imports.outcome import Action
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.domain.shared.pinyin import initials
from openjxc.domain.trading.tax import parse_tax_rate
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, diff, text_of
from openjxc.services.partners import (
    CheckedPartner,
    ContactData,
    PartnerData,
    check_partner,
    data_of,
    require_kind,
)
from openjxc.services.trading.price_levels import SETTING as LEVEL_NAMES
from openjxc.services.unit_of_work import UnitOfWork

COLUMNS = (
    "name",
    "kind",
    "address",
    "tax_rate",
    "payment_terms_days",
    "credit_limit",
    "price_level",
    "active",
)


class PartnersHandler:
    name = KIND.name
    permission = PERMISSIONS["partners"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return KIND

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        store, actor = context.uow.imports, context.actor
        levels = price_levels.level_names(context.uow.settings.get(LEVEL_NAMES))
        codes: list[tuple[ParsedRow, str]] = []
        for row in rows:
            if row.outcome.ok:
                try:
                    codes.append((row, text.code(row.get("code"))))
                except DomainError as error:
                    row.fail(error)
        stored = store.partners(code for _row, code in codes)
        creates: list[tuple[str, CheckedPartner]] = []
        updates: list[tuple[Partner, CheckedPartner, dict[str, Any]]] = []
        for row, code in codes:
            old = stored.get(code)
            try:
                if old is not None:
                    require_kind(actor, old.kind)
                checked = check_partner(_data(row, code, old, levels))
                require_kind(actor, checked.kind)
            except DomainError as error:
                row.fail(_in_column(error))
                continue
            if old is None:
                row.set(Action.CREATE, {})
                creates.append((code, checked))
                continue
            before = _fields_of(old)
            changes = diff(before, _fields(checked))
            row.set(Action.UPDATE if changes else Action.UNCHANGED, changes)
            if changes:
                updates.append((old, checked, before))

        def write() -> None:
            ids = store.insert("partner", [{"code": c, **_row(p)} for c, p in creates])
            store.update("partner", [{"id": old.id, **_row(p)} for old, p, _b in updates])
            renewed = [
                (old.id or 0, p)
                for old, p, before in updates
                if before["contacts"] != _fields(p)["contacts"]
            ]
            store.delete_of_partners("partner_contact", [id for id, _p in renewed])
            store.insert(
                "partner_contact",
                [
                    {
                        "partner_id": id,
                        "name": c.name,
                        "phone": c.phone,
                        "email": c.email,
                        "position": c.position,
                    }
                    for id, p in [*zip(ids, (p for _c, p in creates), strict=True), *renewed]
                    for c in p.contacts
                ],
            )
            store.audit(
                actor,
                [
                    ("partner.create", "partner", id, None, _audited(code, p))
                    for (code, p), id in zip(creates, ids, strict=True)
                ]
                + [
                    ("partner.update", "partner", old.id, *_changed(before, _fields(p)))
                    for old, p, before in updates
                ],
            )

        return write


def _data(row: ParsedRow, code: str, old: Partner | None, levels: Mapping[int, str]) -> PartnerData:
    """The partner as the row gives it, the stored partner's fields where a column is missing."""
    current = data_of(old) if old is not None else PartnerData(code, "", PartnerKind.CUSTOMER)

    def given(key: str, empty: object) -> Any:
        if not row.has(key):
            return getattr(current, key)
        value = row.get(key)
        return empty if value is None else value

    data = replace(
        current,
        name=str(given("name", "")),
        kind=str(given("kind", "")),
        address=str(given("address", "")),
        payment_terms_days=given("payment_terms_days", 0),
        credit_limit=given("credit_limit", None),
        active=bool(row.get("active")) if row.get("active") is not None else current.active,
        contacts=_contacts(row, current.contacts),
    )
    if row.has("tax_rate"):
        tax = row.get("tax_rate")
        data = replace(data, tax_rate=parse_tax_rate(tax) if tax else None)
    if row.has("price_level"):
        data = replace(data, price_level=_level(row.get("price_level"), levels))
    return data


def _contacts(row: ParsedRow, contacts: tuple[ContactData, ...]) -> tuple[ContactData, ...]:
    """The first contact as the row gives it (name, phone); the others as they are."""
    if not row.has("contact") and not row.has("phone"):
        return contacts
    first = contacts[0] if contacts else ContactData("")
    name = str(row.get("contact") or "") if row.has("contact") else first.name
    phone = str(row.get("phone") or "") if row.has("phone") else first.phone
    if not name:
        if phone:
            raise ValidationError("required", field="contact")
        return contacts[1:]
    if name != first.name:
        first = ContactData(name)
    return (replace(first, phone=phone), *contacts[1:])


def _level(value: object, levels: Mapping[int, str]) -> int | None:
    """A price level by its number (1–10) or its name (零售价, 批发价 …, as the company calls it)."""
    if value is None or value == "":
        return None
    word = str(value).strip()
    if word.isdigit():
        return int(word)  # the range is check_partner's
    for level, name in levels.items():
        if word in (name, price_levels.default_name(level)):
            return level
    raise ValidationError("invalid_choice", field="price_level", value=word[:40])


def _in_column(error: DomainError) -> DomainError:
    """Errors about the first contact named by the file's columns (contacts.0.name → contact)."""
    field = str(error.params.get("field", ""))
    if field in ("contacts.0.name", "contacts.0.phone"):
        error.params["field"] = "contact" if field.endswith("name") else "phone"
    return error


def _fields(partner: CheckedPartner) -> dict[str, Any]:
    return {
        "name": partner.name,
        "kind": str(partner.kind),
        "contacts": _contacts_text(partner.contacts),
        "address": partner.address,
        "tax_rate": partner.tax_rate,
        "payment_terms_days": partner.payment_terms_days,
        "credit_limit": partner.credit_limit,
        "price_level": partner.price_level,
        "active": partner.active,
    }


def _fields_of(partner: Partner) -> dict[str, Any]:
    return {
        "name": partner.name,
        "kind": str(partner.kind),
        "contacts": _contacts_text(partner.contacts),
        "address": partner.address,
        "tax_rate": partner.tax_rate,
        "payment_terms_days": partner.payment_terms_days,
        "credit_limit": partner.credit_limit,
        "price_level": partner.price_level,
        "active": partner.active,
    }


def _contacts_text(contacts: Sequence[Any]) -> str:
    return "; ".join(
        " ".join(part for part in (c.name, c.phone, c.email, c.position) if part) for c in contacts
    )


def _row(partner: CheckedPartner) -> dict[str, Any]:
    values: dict[str, Any] = {key: getattr(partner, key) for key in COLUMNS}
    values["tax_number"] = partner.tax_number
    values["strategic"] = partner.strategic
    values["pinyin"] = initials(partner.name)
    return values


def _audited(code: str, partner: CheckedPartner) -> dict[str, Any]:
    return {"code": code, **{k: text_of(v) for k, v in _fields(partner).items() if v is not None}}


def _changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changes = diff(before, after)
    return {k: b for k, (b, _a) in changes.items()}, {k: a for k, (_b, a) in changes.items()}


HANDLER = PartnersHandler()
