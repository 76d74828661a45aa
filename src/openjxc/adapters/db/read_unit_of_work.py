"""A read-only unit of work on a read session: what authentication needs, without a write lock."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from openjxc.adapters.db.engine import try_write_now
from openjxc.adapters.db.repository import SqlRepository, SqlUsers
from openjxc.adapters.db.tables.access import api_token
from openjxc.domain.access.user import ApiToken, Role
from openjxc.services.unit_of_work import CodedRepository, Repository, Users


class ReadOnly(RuntimeError):
    """A read-only unit of work was asked to commit."""


class SqlReadOnlyUnitOfWork:
    """Open with ``with uow:``; reads through a read session (a deferred transaction on
    SQLite, which never waits for a writer), refuses ``commit()``."""

    roles: CodedRepository[Role]
    users: Users
    tokens: Repository[ApiToken]

    def __init__(self, session_factory: sessionmaker[Session], engine: Engine):
        self.session_factory = session_factory
        self.engine = engine

    def __enter__(self) -> SqlReadOnlyUnitOfWork:
        self.session = self.session_factory()
        self.roles = SqlRepository(self.session, Role)
        self.users = SqlUsers(self.session)
        self.tokens = SqlRepository(self.session, ApiToken)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.expunge_all()
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        raise ReadOnly("a read-only unit of work cannot commit")

    def note_token_use(self, token_id: int, at: datetime, unless_used_since: datetime) -> None:
        # its own short transaction, never this read session's; a row a writer holds is
        # skipped (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite takes no busy wait)
        free = (
            select(api_token.c.id)
            .where(api_token.c.id == token_id)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        try_write_now(
            self.engine,
            update(api_token)
            .where(
                api_token.c.id == free,
                or_(
                    api_token.c.last_used_at.is_(None),
                    api_token.c.last_used_at < unless_used_since,
                ),
            )
            .values(last_used_at=at),
        )
