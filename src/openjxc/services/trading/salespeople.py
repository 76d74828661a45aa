"""The 业务员 rule (``domain.trading.salesperson``) applied to a saved draft."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document
from openjxc.domain.trading import flow
from openjxc.domain.trading.salesperson import check_assignable
from openjxc.services.unit_of_work import UnitOfWork


def require_assignable(uow: UnitOfWork, actor: Actor, doc: Document, previous: int | None) -> None:
    """Refuse a 业务员 the caller may not name; the one the draft had (``previous``) stays."""
    if doc.salesperson_id is None or doc.salesperson_id == previous:
        return
    user = uow.users.get(doc.salesperson_id)
    if user is None:
        return  # _salesperson found them a moment ago
    needed = str(flow.write_permission(doc.type))
    roles = (uow.roles.get_by(code=code) for code in user.roles)
    writes = any(role is not None and needed in role.grants() for role in roles)
    check_assignable(actor, doc.type, doc.salesperson_id, user.username, writes)
