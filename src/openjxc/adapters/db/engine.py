"""Engines and session factories, built by bootstrap (never at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


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
