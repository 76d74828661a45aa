"""Who may be named 业务员 (salesperson) of a trading document, by whom.

The 业务员 is whom a sale or purchase counts for (statistics, 仅本人单据), so naming one is a
claim on a colleague's figures: anyone may name themselves; naming someone else is for who
approves that type of document (a store manager, an administrator), and only a colleague who
writes that type (a seller for a sale, a buyer for a purchase). A document keeps the 业务员
it has, and one copied from its source document, whoever saves it.
"""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading.flow import approve_permission


def may_assign(actor: Actor, kind: DocumentType, candidate_id: int, writes: bool) -> bool:
    """Whether ``actor`` may name user ``candidate_id`` (who ``writes`` ``kind`` or not)."""
    return candidate_id == actor.user_id or (writes and actor.can(approve_permission(kind)))


def check_assignable(
    actor: Actor, kind: DocumentType, candidate_id: int, username: str, writes: bool
) -> None:
    """Refuse naming a user ``may_assign`` does not allow."""
    if not may_assign(actor, kind, candidate_id, writes):
        raise ValidationError("salesperson_not_assignable", field="salesperson", value=username)
