"""Shared fixtures: every integration test runs on SQLite and on PostgreSQL.

PostgreSQL is found at ``JXC_TEST_POSTGRES_URL`` (default: the local server, database
``test``). Without it, PostgreSQL tests are skipped locally but FAIL under CI (``CI=true``):
CI must never pass by skipping the server database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
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


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    reason = _postgres_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} — CI requires PostgreSQL")
        pytest.skip(reason)
    name = f"jxc_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


def _clear(system: System) -> None:
    with system.engine.begin() as connection:
        if system.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(params=["sqlite", "postgresql"])
def system(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[System]:
    """A migrated, empty database (with the built-in roles) and the system around it."""
    if request.param == "sqlite":
        path = tmp_path / "openjxc.db"
        path.write_bytes(request.getfixturevalue("sqlite_template").read_bytes())
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_template")
    settings = Settings(database_url=url, secret_key="test-secret")
    system = bootstrap(settings)
    if request.param == "postgresql":
        _clear(system)
    users.ensure_builtin_roles(system.uow())
    yield system
    system.close()


@pytest.fixture
def admin(system: System) -> Actor:
    """The system actor (all permissions), as the CLI uses."""
    return Actor.system()


@pytest.fixture
def client(system: System) -> Iterator[TestClient]:
    """An API client logged in as a freshly created administrator."""
    users.create_user(
        users.UserData("admin", "管理员", ADMIN_PASSWORD, roles=("admin",)),
        Actor.system(),
        system.uow(),
    )
    with TestClient(create_app(system)) as test_client:
        response = test_client.post(
            "/api/v1/auth/token", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200, response.text
        test_client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield test_client


@pytest.fixture
def anonymous(system: System) -> Iterator[TestClient]:
    with TestClient(create_app(system)) as test_client:
        yield test_client


def login(client: TestClient, username: str, password: str) -> dict[str, str]:
    """Authorization headers for another user."""
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
