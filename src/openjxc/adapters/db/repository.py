"""The generic repository over classically mapped aggregates."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

T = TypeVar("T")


class SqlRepository(Generic[T]):
    def __init__(self, session: Session, cls: type[T]):
        self.session = session
        self.cls = cls

    def get(self, id: int) -> T | None:
        return self.session.get(self.cls, id)

    def get_by(self, **criteria: Any) -> T | None:
        return self.session.scalars(select(self.cls).filter_by(**criteria).limit(1)).first()

    def lock_by(self, **criteria: Any) -> T | None:
        """``get_by`` with the row read FOR UPDATE (PostgreSQL): found and locked in one
        statement, its attributes as of the lock."""
        query = select(self.cls).filter_by(**criteria).limit(1)
        if self.session.get_bind().dialect.name != "sqlite":  # SQLite: see ``lock``
            query = query.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(query).first()

    def list_by(self, **criteria: Any) -> list[T]:
        return list(self.session.scalars(select(self.cls).filter_by(**criteria)))

    def add(self, obj: T) -> None:
        self.session.add(obj)

    def delete(self, obj: T) -> None:
        self.session.delete(obj)

    def lock(self, obj: T) -> None:
        if self.session.get_bind().dialect.name == "sqlite":
            # write sessions BEGIN IMMEDIATE: this transaction has held the database's write
            # lock since before ``obj`` was read, so no other writer can have changed it
            return
        self.session.refresh(obj, with_for_update=True)
