"""Map the plain domain classes onto the tables (classical mapping: the domain knows no ORM)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, registry

from openjxc.adapters.db.tables import access, catalog
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.shared import clock

mapper_registry = registry()
_started = False


def start_mappers() -> None:
    """Map every aggregate once per process."""
    global _started
    if _started:
        return
    _started = True
    mapper_registry.map_imperatively(Role, access.role)
    mapper_registry.map_imperatively(User, access.user_account)
    mapper_registry.map_imperatively(ApiToken, access.api_token)
    mapper_registry.map_imperatively(Organisation, catalog.organisation)
    event.listen(Session, "before_flush", _stamp_times)


def _stamp_times(session: Session, _context: Any, _instances: Any) -> None:
    """created_at/updated_at are set here, so no service can forget them."""
    now = clock.now()
    for obj in session.new:
        if hasattr(type(obj), "created_at") and getattr(obj, "created_at", None) is None:
            obj.created_at = now
        if hasattr(type(obj), "updated_at"):
            obj.updated_at = now
    for obj in session.dirty:
        if hasattr(type(obj), "updated_at") and session.is_modified(obj):
            obj.updated_at = now
