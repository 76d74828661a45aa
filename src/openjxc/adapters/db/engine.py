"""Engines and session factories, built by bootstrap (never at import time)."""

from __future__ import annotations

import logging
import sqlite3
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

    _ExactSumsAfterOverflow(engine)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class _ExactSum:
    """SQLite's ``sum`` without its 64-bit limit: Python integers, exact at any size.

    Returned as an integer when it fits SQLite's, else as its digits in text (SQLite has no
    wider number), which the scaled column types read back exactly. NULL when no value.
    """

    def __init__(self) -> None:
        self.total: int | float = 0
        self.count = 0

    def step(self, value: object) -> None:
        if value is not None:
            self.total += _number(value)
            self.count += 1

    def inverse(self, value: object) -> None:  # a row leaves the window of SUM() OVER (…)
        if value is not None:
            self.total -= _number(value)
            self.count -= 1

    def value(self) -> int | float | str | None:
        if not self.count:
            return None
        if isinstance(self.total, int) and not -(2**63) <= self.total < 2**63:
            return str(self.total)
        return self.total

    def finalize(self) -> int | float | str | None:
        return self.value()


def _number(value: object) -> int | float:
    return value if isinstance(value, int | float) else float(str(value))


class _ExactSumsAfterOverflow:
    """Once SQLite's SUM overflows 64 bits on a database, every connection sums exactly.

    A scaled figure is below 10**18 and a line's below 10**15 (domain.shared.limits), so only
    a sum over thousands of the largest figures can overflow; until one does, the native SUM
    (several times faster than a Python aggregate) is kept. A statement whose SUM overflows
    as it starts (a total over a whole table, the first group) is run again at once with
    exact sums; one that overflows in a later group, while its rows are fetched, fails that
    once and is right when asked again. PostgreSQL's SUM(bigint) is NUMERIC: always exact.
    """

    def __init__(self, engine: Engine) -> None:
        self.overflowed = False
        event.listen(engine, "connect", self.on_connect)
        event.listen(engine, "do_execute", self.execute)
        event.listen(engine, "do_execute_no_params", self.execute_no_params)
        event.listen(engine, "handle_error", self.on_error)

    def on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        if self.overflowed:
            _sum_exactly(dbapi_connection)

    def execute(self, cursor: Any, statement: str, parameters: Any, _context: Any) -> bool:
        try:
            cursor.execute(statement, parameters)
        except sqlite3.OperationalError as error:
            if not _is_overflow(error):
                raise
            self.overflowed = True
            _sum_exactly(cursor.connection)
            cursor.execute(statement, parameters)
        return True

    def execute_no_params(self, cursor: Any, statement: str, context: Any) -> bool:
        return self.execute(cursor, statement, (), context)

    def on_error(self, context: Any) -> None:
        if _is_overflow(context.original_exception) and context.connection is not None:
            self.overflowed = True  # raised while fetching a later group: right next time
            _sum_exactly(context.connection.connection.dbapi_connection)


def _is_overflow(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and str(error) == "integer overflow"


def _sum_exactly(dbapi_connection: Any) -> None:
    # a window function serves as an aggregate too: SUM(x) and SUM(x) OVER (…) alike
    dbapi_connection.create_window_function("sum", 1, _ExactSum)


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
