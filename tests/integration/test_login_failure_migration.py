"""Migration 0005 drops the per-account lock's columns from a database with users and tokens,
keeping them, and adds ``login_failure`` (SQLite with foreign keys on, PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from openjxc.adapters.db import migrate
from openjxc.adapters.db.engine import make_engine

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    return empty_database_url


def _locked_user_at_0004(engine: Engine) -> None:
    """A user locked by five failures, as release 0.1.0 stored one, with a token."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account (id, username, display_name, password_hash, roles, "
                "active, language, own_documents_only, failed_logins, locked_until, "
                "created_at, updated_at) VALUES (1, 'wang', '王', 'x', '[\"admin\"]', true, "
                "'zh-CN', false, 0, :now, :now, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO api_token (id, user_id, name, token_hash, kind, created_at) "
                "VALUES (1, 1, 'login', 'h', 'login', :now)"
            ),
            {"now": NOW},
        )


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_upgrading_drops_the_lock_and_keeps_users_and_tokens(database_url: str) -> None:
    engine = make_engine(database_url)  # as `jxc migrate` runs: SQLite with foreign keys on
    migrate.upgrade(engine, "0004")
    _locked_user_at_0004(engine)

    migrate.upgrade(engine)

    assert migrate.schema_drift(engine) == []
    assert not {"failed_logins", "locked_until"} & _columns(engine, "user_account")
    assert {"username", "address", "at"} <= _columns(engine, "login_failure")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM user_account")).scalar_one() == "wang"
        assert connection.execute(text("SELECT user_id FROM api_token")).scalar_one() == 1

    config = migrate.alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    assert {"failed_logins", "locked_until"} <= _columns(engine, "user_account")
    assert "login_failure" not in inspect(engine).get_table_names()
    engine.dispose()
