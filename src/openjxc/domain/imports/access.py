"""Who may import what, and who sees an import: one rule for the engine and the lists."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission

#: importing a kind needs the permission of managing that master data
PERMISSIONS: dict[str, Permission] = {
    "categories": Permission.CATALOG_WRITE,
    "warehouses": Permission.WAREHOUSE_WRITE,
    "products": Permission.CATALOG_WRITE,
    # each row also needs customer.write or supplier.write for its kind (services.partners)
    "partners": Permission.PARTNER_READ,
    # posting the documents also needs stock_document.approve (services.inventory.approval)
    "opening_stock": Permission.STOCK_DOCUMENT_WRITE,
    "opening_balances": Permission.PAYMENT_WRITE,
}


def importable_kinds(actor: Actor) -> list[str]:
    return [kind for kind, permission in PERMISSIONS.items() if actor.can(permission)]


def sees_import(
    actor: Actor, kind: str, created_by: int | None, organisation_id: int | None
) -> bool:
    """Who made an import sees it; so does who may import its kind in its organisation
    (an import of no one organisation: anyone who may import the kind)."""
    if created_by is not None and created_by == actor.user_id:
        return True
    in_scope = organisation_id is None or actor.sees_organisation(organisation_id)
    return kind in importable_kinds(actor) and in_scope
