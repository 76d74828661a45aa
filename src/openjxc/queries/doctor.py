"""Consistency checks the database cannot express as constraints."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog


def check_references(session: Session) -> list[str]:
    """References kept in JSON columns (roles, data scopes) must point at existing rows."""
    problems: list[str] = []
    roles = set(session.scalars(select(access.role.c.code)))
    organisations = set(session.scalars(select(catalog.organisation.c.id)))
    u = access.user_account
    for row in session.execute(select(u.c.username, u.c.roles, u.c.organisation_ids)):
        for role in row.roles or []:
            if role not in roles:
                problems.append(f"user {row.username}: unknown role {role}")
        for org in row.organisation_ids or []:
            if org not in organisations:
                problems.append(f"user {row.username}: unknown organisation {org}")
    return problems
