"""Composition root: settings -> engine -> session factories -> units of work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from openjxc.adapters.db.backup import backup_database
from openjxc.adapters.db.engine import make_engine, read_session_factory, write_session_factory
from openjxc.adapters.db.mapping import start_mappers
from openjxc.adapters.db.read_unit_of_work import SqlReadOnlyUnitOfWork
from openjxc.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from openjxc.config import Settings
from openjxc.queries.reports.period_totals import month_totals
from openjxc.services import passwords
from openjxc.services.backups import BackupDatabase
from openjxc.services.unit_of_work import ReadOnlyUnitOfWork, UnitOfWork


@dataclass
class System:
    """Everything an entrypoint needs, built once per process."""

    settings: Settings
    engine: Engine
    write_sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]

    def uow(self) -> UnitOfWork:
        """A fresh unit of work for one use case."""
        return SqlAlchemyUnitOfWork(self.write_sessions, month_totals)

    def reader(self) -> ReadOnlyUnitOfWork:
        """A fresh read-only unit of work (authentication): never waits for a writer."""
        return SqlReadOnlyUnitOfWork(self.read_sessions, self.engine)

    def backup_database(self) -> BackupDatabase:
        """The database as ``services.backups`` dumps, loads and upgrades it."""
        return backup_database(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings) -> System:
    start_mappers()
    passwords.use_profile(settings.password_hash_profile)
    engine = make_engine(settings.database_url)
    return System(
        settings=settings,
        engine=engine,
        write_sessions=write_session_factory(engine),
        read_sessions=read_session_factory(engine),
    )
