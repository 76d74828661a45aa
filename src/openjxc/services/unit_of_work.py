"""The ports the services need: a unit of work with repositories. Adapters implement them."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, TypeVar

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.organisation import Organisation

T = TypeVar("T")


class Repository(Protocol[T]):
    def get(self, id: int) -> T | None: ...
    def get_by(self, **criteria: Any) -> T | None: ...
    def list_by(self, **criteria: Any) -> list[T]: ...
    def add(self, obj: T) -> None: ...
    def lock(self, obj: T) -> None:
        """Re-read ``obj``'s row FOR UPDATE (PostgreSQL) so concurrent edits serialise."""


class AuditLog(Protocol):
    def record(
        self,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None: ...


class Counters(Protocol):
    def next_value(self, name: str) -> int:
        """Increment and return the counter ``name`` (starting at 1), inside the transaction."""
        ...


class Settings(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


class UnitOfWork(Protocol):
    roles: Repository[Role]
    users: Repository[User]
    tokens: Repository[ApiToken]
    organisations: Repository[Organisation]
    audit: AuditLog
    counters: Counters
    settings: Settings

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def flush(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
