"""Who is acting: the user, what they may do, and which organisations/warehouses they see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import PermissionDenied


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

    def sees_warehouse(self, warehouse_id: int, organisation_id: int | None = None) -> bool:
        if self.warehouse_ids is not None:
            return warehouse_id in self.warehouse_ids
        return self.sees_organisation(organisation_id)

    def require_warehouse(self, warehouse_id: int, organisation_id: int | None = None) -> None:
        if not self.sees_warehouse(warehouse_id, organisation_id):
            raise PermissionDenied("warehouse.scope", warehouse_id=warehouse_id)

    def sees_own(self, *people: int | None) -> bool:
        """Whether a trading document or payment made or sold by ``people`` (its author and
        业务员) is visible: always, unless the caller sees only their own documents."""
        return not self.own_documents or self.user_id in people

    @classmethod
    def system(cls, permissions: Iterable[str] = tuple(Permission)) -> Actor:
        """The actor of CLI and jobs run by the operator of the machine."""
        return cls(user_id=None, username="system", permissions=frozenset(map(str, permissions)))
