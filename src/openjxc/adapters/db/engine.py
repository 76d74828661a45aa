"""Engines and session factories, built by bootstrap (never at import time)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    """Create an engine; on SQLite, set the pragmas and take control of BEGIN."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(database_url, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    if url.get_backend_name() == "postgresql":
        # no JIT: it spent 0.1–0.35 s compiling each report's expressions, more than the
        # planned query then took (docs/performance.md); options in the URL are kept
        connect_args = kwargs.setdefault("connect_args", {})
        given = connect_args.get("options") or url.query.get("options") or ""
        connect_args["options"] = f"{given} -c jit=off".strip()
    return create_engine(database_url, **kwargs)


def _sqlite_engine(database_url: str, **kwargs: Any) -> Engine:
    url = make_url(database_url)
    if not url.database or url.database == ":memory:":
        raise ValueError("OpenJXC needs a SQLite file, not an in-memory database")
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("connect_args", {}).update({"timeout": 30, "check_same_thread": False})
    engine = create_engine(database_url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy, not pysqlite, emit BEGIN, so writes can take BEGIN IMMEDIATE
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # reports read years of history: 64 MB of page cache per connection instead of 2 MB
        # (the aging of 160,000 partner entries: 210 ms → 75 ms on a 2 GB database)
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def write_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for use cases: on SQLite they take the write lock at BEGIN (no upgrade races)."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if _is_sqlite(engine) else engine
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def try_write_now(engine: Engine, statement: Executable) -> bool:
    """Run ``statement`` in a short transaction of its own if that needs no wait; False (and
    nothing written) when a writer holds the lock.

    For bookkeeping that must never hold up a request: on SQLite the write lock is tried
    once (no busy wait); on PostgreSQL a lock is waited for at most 50 ms (the statement
    itself should skip locked rows).
    """
    with engine.connect() as connection:
        if _is_sqlite(engine):
            raw: Any = connection.connection.dbapi_connection
            waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]
            raw.execute("PRAGMA busy_timeout=0")
            try:
                with connection.execution_options(sqlite_begin="IMMEDIATE").begin():
                    connection.execute(statement)
            except DBAPIError as error:
                log.debug("skipped a write, the database is busy: %s", error)
                return False
            finally:
                raw.execute(f"PRAGMA busy_timeout={int(waited)}")
            return True
        try:
            with connection.begin():
                connection.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
                connection.execute(statement)
        except DBAPIError as error:
            log.debug("skipped a write, a row is locked: %s", error)
            return False
        return True
