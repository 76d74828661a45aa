"""Who is acting: the user, what they may do, and which organisations/warehouses they see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared.errors import PermissionDenied


class ScopedDocument(Protocol):
    """What data scope asks of a document (``domain.documents.document.Document`` has it)."""

    @property
    def type(self) -> DocumentType: ...
    @property
    def warehouse_id(self) -> int: ...
    @property
    def organisation_id(self) -> int: ...
    @property
    def created_by(self) -> int | None: ...
    @property
    def salesperson_id(self) -> int | None: ...


class ScopedPayment(Protocol):
    """What data scope asks of a payment (``domain.trading.payment.Payment`` has it)."""

    @property
    def organisation_id(self) -> int | None: ...
    @property
    def created_by(self) -> int | None: ...


@dataclass(frozen=True)
class Actor:
    """The caller of a service. ``None`` scopes mean "everything"."""

    user_id: int | None
    username: str
    permissions: frozenset[str]
    organisation_ids: frozenset[int] | None = None
    warehouse_ids: frozenset[int] | None = None
    token_id: int | None = None
    language: str = "zh-CN"
    roles: tuple[str, ...] = field(default=())
    #: 仅本人单据: of trading documents and payments, only those the user made or sells on
    own_documents: bool = False

    def can(self, permission: Permission | str) -> bool:
        return str(permission) in self.permissions

    def require(self, *permissions: Permission | str) -> None:
        for permission in permissions:
            if not self.can(permission):
                raise PermissionDenied(str(permission))

    def sees_organisation(self, organisation_id: int | None) -> bool:
        return self.organisation_ids is None or organisation_id in self.organisation_ids

    def sees_warehouse(self, warehouse_id: int, organisation_id: int | None) -> bool:
        """A warehouse ticked; without a warehouse scope, one of an organisation in scope
        (so the warehouse's organisation is always needed)."""
        if self.warehouse_ids is not None:
            return warehouse_id in self.warehouse_ids
        return self.sees_organisation(organisation_id)

    def require_warehouse(self, warehouse_id: int, organisation_id: int | None) -> None:
        if not self.sees_warehouse(warehouse_id, organisation_id):
            raise PermissionDenied("warehouse.scope", warehouse_id=warehouse_id)

    def sees_own(self, *people: int | None) -> bool:
        """Whether a trading document or payment made or sold by ``people`` (its author and
        业务员) is visible: always, unless the caller sees only their own documents."""
        return not self.own_documents or self.user_id in people

    def sees_document(self, doc: ScopedDocument) -> bool:
        """Whether the caller may read ``doc`` — the one rule of document scope, which
        ``queries.documents.document_scope`` writes in SQL: in a warehouse of their scope (or,
        without a warehouse scope, of an organisation of it) and, 仅本人单据, a trading
        document only if they made it or are its 业务员. Whatever a request names (a document
        to act on, a source document or line, a document to settle) is resolved under it:
        out of scope is not found."""
        if not self.sees_warehouse(doc.warehouse_id, doc.organisation_id):
            return False
        return doc.type not in TRADE_TYPES or self.sees_own(doc.salesperson_id, doc.created_by)

    def sees_payment(self, payment: ScopedPayment) -> bool:
        """Whether the caller may read ``payment`` (``queries.trading.payments.payments_in_scope``
        in SQL): of an organisation of their scope and, 仅本人单据, made by them."""
        if not self.sees_organisation(payment.organisation_id):
            return False
        return not self.own_documents or payment.created_by == self.user_id

    @classmethod
    def system(cls, permissions: Iterable[str] = tuple(Permission)) -> Actor:
        """The actor of CLI and jobs run by the operator of the machine."""
        return cls(user_id=None, username="system", permissions=frozenset(map(str, permissions)))
