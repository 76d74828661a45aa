"""Shared fixtures: every integration test runs on SQLite and on PostgreSQL.

PostgreSQL is found at ``JXC_TEST_POSTGRES_URL`` (default: the local server, database
``test``). Without it, PostgreSQL tests are skipped locally but FAIL under CI (``CI=true``):
CI must never pass by skipping the server database.

Each test worker migrates one database per dialect and builds its system and app once;
every test then starts from empty tables (see ``_empty``), so tests stay isolated while
paying neither a migration, an app build nor a TRUNCATE of every table each time
(docs/performance.md, "Test suite").
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, exists, literal, select, text, union_all
from sqlalchemy.engine import make_url

from openjxc.adapters.db import migrate
from openjxc.adapters.db.tables import metadata
from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.api.app import create_app
from openjxc.services import users

POSTGRES_URL = os.environ.get(
    "JXC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ADMIN_PASSWORD = "Admin-pass-1"


def settings_for(database_url: str) -> Settings:
    """Settings for a test system: argon2's cheapest parameters (hashing at the production
    cost would take most of a short test's time; what is hashed and checked is the same)."""
    return Settings(
        database_url=database_url, secret_key="test-secret", password_hash_profile="CHEAPEST"
    )


def _postgres_available() -> str | None:
    """The reason PostgreSQL cannot be used, or None."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # any failure to connect means "not available"
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {error.__class__.__name__}"
    return None


@contextmanager
def own_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards. Without a server the test is
    skipped locally and FAILS under CI."""
    reason = _postgres_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} — CI requires PostgreSQL")
        pytest.skip(reason)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this worker, dropped at the end."""
    with own_postgres_database("jxc_test") as url:
        engine = create_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file for this worker."""
    path = tmp_path_factory.mktemp("sqlite") / "openjxc.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def systems() -> Iterator[dict[str, System]]:
    """The system over each dialect's database, built on first use and kept for the session."""
    built: dict[str, System] = {}
    yield built
    for system in built.values():
        system.close()


def _empty(system: System) -> None:
    """Delete the rows of every table that has any and restart the sequences used, so the
    next test sees a freshly migrated database (ids from 1 again, as with a new file).

    One query finds the tables with rows (a test writes to a handful of the tables);
    deleting those is much cheaper than ``TRUNCATE`` of every table, which costs PostgreSQL
    new files for each table and index on every test.
    """
    tables = metadata.sorted_tables
    probe = union_all(
        *(select(literal(t.name).label("name")).where(exists().select_from(t)) for t in tables)
    )
    with system.engine.begin() as connection:
        used = set(connection.execute(probe).scalars())
        for table in reversed(tables):  # children before their parents
            if table.name in used:
                connection.execute(table.delete())
        if system.engine.dialect.name == "postgresql":
            used_sequences = "SELECT sequencename FROM pg_sequences WHERE last_value IS NOT NULL"
            for sequence in connection.scalars(text(used_sequences)).all():
                connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the test's own, not migrated (the shared ones are at head): for
    tests of migrations and of changes to the schema itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    with own_postgres_database("jxc_own") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def system(request: pytest.FixtureRequest, systems: dict[str, System]) -> System:
    """A migrated, empty database (with the built-in roles) and the system around it."""
    dialect: str = request.param
    if dialect not in systems:
        database = "postgres_database" if dialect == "postgresql" else "sqlite_database"
        systems[dialect] = bootstrap(settings_for(request.getfixturevalue(database)))
    system = systems[dialect]
    _empty(system)
    users.ensure_builtin_roles(system.uow())
    return system


@pytest.fixture(scope="session")
def apps() -> dict[str, FastAPI]:
    """The app over each dialect's system, built on first use."""
    return {}


@pytest.fixture
def app(system: System, apps: dict[str, FastAPI]) -> FastAPI:
    """The application over ``system``, built once per worker and dialect: building it (every
    route of the API and the web UI) costs more than most tests, and it keeps no state of
    its own (sessions, tokens and idempotency keys live in the database)."""
    dialect = system.engine.dialect.name
    if dialect not in apps:
        apps[dialect] = create_app(system)
    return apps[dialect]


@pytest.fixture
def admin(system: System) -> Actor:
    """The system actor (all permissions), as the CLI uses."""
    return Actor.system()


@pytest.fixture
def client(system: System, app: FastAPI) -> Iterator[TestClient]:
    """An API client logged in as a freshly created administrator."""
    users.create_user(
        users.UserData("admin", "管理员", ADMIN_PASSWORD, roles=("admin",)),
        Actor.system(),
        system.uow(),
    )
    with TestClient(app) as test_client:
        response = test_client.post(
            "/api/v1/auth/token", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200, response.text
        test_client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield test_client


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def login(client: TestClient, username: str, password: str) -> dict[str, str]:
    """Authorization headers for another user."""
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
