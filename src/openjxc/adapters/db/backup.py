"""Dump and load the configured database (the ``BackupDatabase`` port of services/backups).

SQLite: the online backup API copies every page in one step under one read transaction, a
consistent snapshot that never blocks writers (WAL); loading copies the dump's pages back
over the target the same way. PostgreSQL: ``pg_dump --format=custom`` (one snapshot) and
``pg_restore``, of the server's major version; the connection is handed over in libpq's
environment variables, so no password shows on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, column, exists, inspect, select, table, text

from openjxc.adapters.db import migrate
from openjxc.domain.shared.errors import DomainError

#: where Debian's postgresql-client-N puts its programs, N being the server's major version
PG_BIN = "/usr/lib/postgresql/{major}/bin"
#: URL query options passed on to libpq as environment variables
_LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
}


def backup_database(engine: Engine) -> SqliteDatabase | PostgresDatabase:
    if engine.dialect.name == "sqlite":
        return SqliteDatabase(engine)
    if engine.dialect.name == "postgresql":
        return PostgresDatabase(engine)
    raise ValueError(f"backups support SQLite and PostgreSQL, not {engine.dialect.name}")


class _Database:
    kind = ""

    def __init__(self, engine: Engine):
        self.engine = engine

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def head(self) -> str | None:
        return migrate.head_revision()

    def knows(self, revision: str) -> bool:
        return migrate.knows_revision(revision)

    def holds_data(self) -> bool:
        with self.engine.connect() as connection:
            names = inspect(connection).get_table_names()
            for name in names:
                if name == "alembic_version":
                    continue
                if connection.scalar(select(exists().select_from(table(name, column("x"))))):
                    return True
        return False

    def upgrade(self) -> None:
        migrate.upgrade(self.engine)


class SqliteDatabase(_Database):
    kind = "sqlite"

    def dump(self, path: Path) -> None:
        raw = self.engine.raw_connection()
        try:
            target = sqlite3.connect(path)
            try:
                source: Any = raw.driver_connection
                source.backup(target)  # all pages in one step: one consistent snapshot
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                (check,) = target.execute("PRAGMA quick_check").fetchone()
            finally:
                target.close()
        finally:
            raw.close()
        if check != "ok":
            raise DomainError("backup_failed", tool="sqlite", message=str(check))

    def load(self, path: Path) -> None:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (check,) = source.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise DomainError("backup_failed", tool="sqlite", message=str(check))
            raw = self.engine.raw_connection()
            try:
                target: Any = raw.driver_connection
                source.backup(target)
            finally:
                raw.close()
        except sqlite3.DatabaseError as error:
            raise DomainError("backup_failed", tool="sqlite", message=str(error)) from None
        finally:
            source.close()
        self.engine.dispose()  # pooled connections cached the replaced database's pages


class PostgresDatabase(_Database):
    kind = "postgresql"

    def dump(self, path: Path) -> None:
        self._run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")

    def load(self, path: Path) -> None:
        self._run("pg_restore", "--list", str(path))  # a readable archive, before dropping
        self.engine.dispose()
        with self.engine.begin() as connection:
            schema = connection.scalar(text("SELECT current_schema()"))
            quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
            connection.execute(text(f"DROP SCHEMA IF EXISTS {quoted} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {quoted}"))
        self._run(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={self.engine.url.database}",
            str(path),
        )

    def _run(self, tool: str, *args: str) -> None:
        program = find_pg_tool(tool, self._server_major())
        result = subprocess.run(
            [program, *args], env=self._libpq_env(), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            message = " ".join(result.stderr.strip().splitlines()[-3:])
            raise DomainError("backup_failed", tool=tool, message=message)

    def _server_major(self) -> int:
        with self.engine.connect() as connection:
            number = int(connection.scalar(text("SHOW server_version_num")))
        return number // 10000

    def _libpq_env(self) -> dict[str, str]:
        url = self.engine.url
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        given = {
            "PGHOST": url.host,
            "PGPORT": str(url.port) if url.port else None,
            "PGUSER": url.username,
            "PGPASSWORD": url.password,
            "PGDATABASE": url.database,
        }
        for option, variable in _LIBPQ_OPTIONS.items():
            value = url.query.get(option)
            if value is not None:
                given[variable] = value if isinstance(value, str) else value[-1]
        env.update({k: str(v) for k, v in given.items() if v})
        return env


def find_pg_tool(tool: str, server_major: int) -> str:
    """``pg_dump`` or ``pg_restore`` of the server's major version (or a later one, which
    reads older servers); a clear error naming the package to install when there is none."""
    package = f"postgresql-client-{server_major}"
    candidates = [str(Path(PG_BIN.format(major=server_major)) / tool), shutil.which(tool)]
    found: list[tuple[str, int]] = []
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            major = _major_version(candidate)
            if major is not None and major >= server_major:
                return candidate
            found.append((candidate, major or 0))
    if found:
        program, major = found[0]
        raise DomainError(
            "backup_tool_too_old",
            tool=program,
            version=major,
            server=server_major,
            package=package,
        )
    raise DomainError("backup_tool_missing", tool=tool, server=server_major, package=package)


def _major_version(program: str) -> int | None:
    try:
        result = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except OSError:
        return None
    found = re.search(r"\) (\d+)", result.stdout) or re.search(r"(\d+)\.", result.stdout)
    return int(found.group(1)) if found else None
