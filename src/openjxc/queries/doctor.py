"""Consistency checks the database cannot express as constraints."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.queries.ledger_checks import check_ledger


def check_references(session: Session) -> list[str]:
    """References kept in JSON columns (roles, data scopes) must point at existing rows."""
    problems: list[str] = []
    roles = set(session.scalars(select(access.role.c.code)))
    organisations = set(session.scalars(select(catalog.organisation.c.id)))
    warehouses = set(session.scalars(select(catalog.warehouse.c.id)))
    u = access.user_account
    for user in session.execute(select(u.c.username, u.c.warehouse_ids)):
        for warehouse in user.warehouse_ids or []:
            if warehouse not in warehouses:
                problems.append(f"user {user.username}: unknown warehouse {warehouse}")
    for row in session.execute(select(u.c.username, u.c.roles, u.c.organisation_ids)):
        for role in row.roles or []:
            if role not in roles:
                problems.append(f"user {row.username}: unknown role {role}")
        for org in row.organisation_ids or []:
            if org not in organisations:
                problems.append(f"user {row.username}: unknown organisation {org}")
    problems += check_catalog(session)
    return problems


def check_catalog(session: Session) -> list[str]:
    """Rules across rows: barcodes name a unit their product has; the category tree has no cycle."""
    problems: list[str] = []
    p, u, b, c = catalog.product, catalog.product_unit, catalog.product_barcode, catalog.category
    units = {(r.product_id, r.name) for r in session.execute(select(u.c.product_id, u.c.name))}
    units |= {(r.id, r.base_unit) for r in session.execute(select(p.c.id, p.c.base_unit))}
    for row in session.execute(select(b.c.barcode, b.c.product_id, b.c.unit)):
        if (row.product_id, row.unit) not in units:
            problems.append(
                f"barcode {row.barcode}: product {row.product_id} has no unit {row.unit}"
            )
    parents: dict[int, int | None] = {
        r.id: r.parent_id for r in session.execute(select(c.c.id, c.c.parent_id))
    }
    for start in parents:
        seen, node = set(), parents.get(start)
        while node is not None and node not in seen:
            seen.add(node)
            node = parents.get(node)
        if node is not None and start in seen:
            problems.append(f"category {start}: its parents form a cycle")
    return problems


def check_all(session: Session, actor: Actor) -> list[str]:
    """Every check ``jxc doctor`` runs on a migrated database: references and the ledger."""
    actor.require(Permission.SYSTEM_ADMIN)
    return check_references(session) + check_ledger(session)
