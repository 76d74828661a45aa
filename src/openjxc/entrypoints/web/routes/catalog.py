"""Categories, warehouses, partners and organisations: described as record screens."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.labels import PARTNER_KINDS
from openjxc.entrypoints.web.records import Column, Field, Filter, RecordScreen, record_router
from openjxc.queries import categories as category_queries
from openjxc.queries import organisations as organisation_queries
from openjxc.queries import partners as partner_queries
from openjxc.queries import warehouses as warehouse_queries
from openjxc.queries.rows import fields_of
from openjxc.services import categories, organisations, partners, warehouses
from openjxc.services.unit_of_work import UnitOfWork

ACTIVE = Field("active", N_("Active"), "checkbox")
#: active records unless asked otherwise, as archived ones are hidden in Odoo
ACTIVE_FILTER = Filter(
    "active",
    N_("Status"),
    (("yes", N_("Active")), ("no", N_("Inactive")), ("all", N_("All"))),
    default="yes",
)
ACTIVE_FLAG = {"yes": True, "no": False}


def _category_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    rows, _ = category_queries.list_categories(session, actor, limit=500)
    return [(r["code"], f"{r['code']} {r['name']}") for r in rows]


def _organisation_options(
    session: Session, actor: Actor, active: bool | None = True
) -> list[tuple[str, str]]:
    rows, _ = organisation_queries.list_organisations(session, actor, None, active, 500, 0)
    return [(r.code, f"{r.code} {r.name}") for r in rows]


def _create_category(v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> tuple[str, str]:
    data = categories.CategoryData(v["code"], v["name"], v["parent"] or None, v["active"])
    return categories.create_category(data, actor, uow).code, ""


def _update_category(key: str, v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> str:
    return categories.update_category(key, {**v, "parent": v["parent"] or None}, actor, uow).code


CATEGORIES = RecordScreen(
    path="/categories",
    title=N_("Categories"),
    new_label=N_("New category"),
    read=Permission.CATALOG_READ,
    write=(Permission.CATALOG_WRITE,),
    columns=(
        Column("code", N_("Code")),
        Column("name", N_("Name")),
        Column("parent", N_("Parent")),
        Column("active", N_("Active"), "bool"),
    ),
    fields=(
        Field("code", N_("Code"), required=True, fixed_on_edit=True),
        Field("name", N_("Name"), required=True),
        Field("parent", N_("Parent"), "select", options=_category_options),
        ACTIVE,
    ),
    list_rows=lambda s, a, q, limit, offset: category_queries.list_categories(
        s, a, q=q, limit=limit, offset=offset
    ),
    get_row=lambda s, a, key: {**category_queries.get_category(s, a, key)},
    create=_create_category,
    update=_update_category,
    search_hint=N_("Code or name"),
    import_kind="categories",
)


def _warehouse_data(v: dict[str, Any], code: str) -> warehouses.WarehouseData:
    return warehouses.WarehouseData(
        code,
        v["name"],
        v["organisation"],
        v["allow_negative_stock"],
        v["address"],
        v["keeper"],
        v["active"],
    )


WAREHOUSES = RecordScreen(
    path="/warehouses",
    title=N_("Warehouses"),
    new_label=N_("New warehouse"),
    read=Permission.WAREHOUSE_READ,
    write=(Permission.WAREHOUSE_WRITE,),
    columns=(
        Column("code", N_("Code")),
        Column("name", N_("Name")),
        Column("organisation_name", N_("Organisation")),
        Column("keeper", N_("Keeper")),
        Column("allow_negative_stock", N_("Allow negative stock"), "bool"),
        Column("active", N_("Active"), "bool"),
    ),
    fields=(
        Field("code", N_("Code"), required=True, fixed_on_edit=True),
        Field("name", N_("Name"), required=True),
        Field("organisation", N_("Organisation"), "select", True, _organisation_options),
        Field("keeper", N_("Keeper")),
        Field("address", N_("Address")),
        Field("allow_negative_stock", N_("Allow negative stock"), "checkbox"),
        ACTIVE,
    ),
    list_rows=lambda s, a, q, limit, offset: warehouse_queries.list_warehouses(
        s, a, q=q, limit=limit, offset=offset
    ),
    get_row=warehouse_queries.get_warehouse,
    create=lambda v, a, uow: (
        warehouses.create_warehouse(_warehouse_data(v, v["code"]), a, uow).code,
        "",
    ),
    update=lambda key, v, a, uow: warehouses.update_warehouse(key, v, a, uow).code,
    search_hint=N_("Code or name"),
    import_kind="warehouses",
)


def _partner_fields(v: dict[str, Any]) -> dict[str, Any]:
    """The form's one contact becomes the partner's contact list."""
    fields = {k: val for k, val in v.items() if not k.startswith("contact_")}
    name, phone = v.get("contact_name", ""), v.get("contact_phone", "")
    fields["contacts"] = (partners.ContactData(name, phone),) if name or phone else ()
    fields["payment_terms_days"] = v.get("payment_terms_days") or 0
    fields["credit_limit"] = v.get("credit_limit") or None
    fields["price_level"] = v.get("price_level") or None
    return fields


def _partner_row(session: Session, actor: Actor, key: str) -> dict[str, object]:
    """The partner, with its first contact as the form's one contact."""
    row = partner_queries.get_partner(session, actor, key)
    contact = row.contacts[0] if row.contacts else None
    return {
        **fields_of(row),
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
    }


def _partner_list(
    session: Session,
    actor: Actor,
    q: str | None,
    limit: int,
    offset: int,
    kind: str = "",
    active: str = "yes",
) -> tuple[list[dict[str, Any]], int]:
    rows, count = partner_queries.list_partners(
        session,
        actor,
        q=q,
        kind=PartnerKind(kind) if kind else None,
        active=ACTIVE_FLAG.get(active),
        limit=limit,
        offset=offset,
    )
    for row in rows:
        row["contact"] = (
            " ".join(filter(None, [row["contacts"][0]["name"], row["contacts"][0]["phone"]]))
            if row["contacts"]
            else ""
        )
    return rows, count


PARTNERS = RecordScreen(
    path="/partners",
    title=N_("Partners"),
    new_label=N_("New partner"),
    read=Permission.PARTNER_READ,
    write=(Permission.CUSTOMER_WRITE, Permission.SUPPLIER_WRITE),
    columns=(
        Column("code", N_("Code")),
        Column("name", N_("Name")),
        Column("kind", N_("Kind"), "label", PARTNER_KINDS),
        Column("contact", N_("Contact")),
        Column("price_level_name", N_("Price level")),
        Column("active", N_("Active"), "bool"),
    ),
    fields=(
        Field("code", N_("Code"), required=True, fixed_on_edit=True),
        Field("name", N_("Name"), required=True),
        Field("kind", N_("Kind"), "select", True, lambda s, a: list(PARTNER_KINDS.items())),
        Field("contact_name", N_("Contact")),
        Field("contact_phone", N_("Phone")),
        Field("address", N_("Address")),
        Field("tax_number", N_("Tax number")),
        Field("payment_terms_days", N_("Payment terms (days)"), "number"),
        Field("credit_limit", N_("Credit limit")),
        Field(
            "price_level",
            N_("Price level"),
            "select",
            options=lambda s, a: [
                (str(n), f"{n} {name}") for n, name in partner_queries.price_level_names(s).items()
            ],
            help=N_("Customers of a level get the level price of each product"),
        ),
        ACTIVE,
    ),
    list_rows=_partner_list,
    get_row=_partner_row,
    create=lambda v, a, uow: (
        partners.create_partner(partners.PartnerData(**_partner_fields(v)), a, uow).code,
        "",
    ),
    update=lambda key, v, a, uow: partners.update_partner(key, _partner_fields(v), a, uow).code,
    search_hint=N_("Code, name, pinyin initials, contact or phone"),
    filters=(
        # 客户 includes the partners that are both, as documents offer them to either side
        Filter(
            "kind",
            N_("Kind"),
            (
                ("", N_("All kinds")),
                ("customer", N_("Customers")),
                ("supplier", N_("Suppliers")),
                ("both", N_("Customer and supplier")),
            ),
        ),
        ACTIVE_FILTER,
    ),
)

ORGANISATION_KINDS = {"store": N_("Store"), "headquarters": N_("Head office")}


def _parent_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """Every organisation the user sees, inactive ones too (a parent may be archived)."""
    return _organisation_options(session, actor, active=None)


def _organisation_data(v: dict[str, Any]) -> dict[str, Any]:
    return {**v, "parent": v["parent"] or None}


def _update_organisation(key: str, v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> str:
    changes = _organisation_data(v)
    if changes["parent"] is None and actor.organisation_ids is not None:
        # a user limited to some stores may not see the parent (the select is empty then):
        # that is no request to cut the store loose
        changes.pop("parent")
    return organisations.update_organisation(key, changes, actor, uow).code


ORGANISATIONS = RecordScreen(
    path="/organisations",
    title=N_("Organisations"),
    new_label=N_("New organisation"),
    read=Permission.ORGANISATION_READ,
    write=(Permission.ORGANISATION_WRITE,),
    columns=(
        Column("code", N_("Code")),
        Column("name", N_("Name")),
        Column("kind", N_("Kind"), "label", ORGANISATION_KINDS),
        Column("parent", N_("Parent organisation")),
        Column("phone", N_("Phone")),
        Column("address", N_("Address")),
        Column("active", N_("Active"), "bool"),
    ),
    fields=(
        Field("code", N_("Code"), required=True, fixed_on_edit=True),
        Field("name", N_("Name"), required=True),
        Field(
            "kind",
            N_("Kind"),
            "select",
            True,
            lambda s, a: list(ORGANISATION_KINDS.items()),
            help=N_("One head office; the stores under it"),
        ),
        Field("parent", N_("Parent organisation"), "select", options=_parent_options),
        Field("phone", N_("Phone")),
        Field("address", N_("Address")),
        ACTIVE,
    ),
    list_rows=lambda s, a, q, limit, offset, active: organisation_queries.list_organisations(
        s, a, q, ACTIVE_FLAG.get(active), limit, offset
    ),
    get_row=organisation_queries.get_organisation,
    create=lambda v, a, uow: (
        organisations.create_organisation(
            organisations.OrganisationData(**_organisation_data(v)), a, uow
        ).code,
        "",
    ),
    update=_update_organisation,
    search_hint=N_("Code, name or phone"),
    filters=(ACTIVE_FILTER,),
)

ROUTERS = [record_router(s) for s in (CATEGORIES, WAREHOUSES, PARTNERS, ORGANISATIONS)]
