"""Transient database errors are retried inside the service layer, never shown to the user."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from openjxc.adapters.db.unit_of_work import transient_reason
from openjxc.bootstrap import System
from openjxc.domain.shared.errors import TransientError
from openjxc.entrypoints.messages import MESSAGES
from openjxc.services import retry
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork


class _PgError(Exception):
    def __init__(self, sqlstate: str):
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "expected"),
    [
        (_PgError("40001"), "serialization_failure"),
        (_PgError("40P01"), "deadlock_detected"),
        (_PgError("23505"), None),
        (sqlite3.OperationalError("database is locked"), "sqlite_locked"),
        (sqlite3.OperationalError("no such table: x"), None),
    ],
)
def test_the_adapter_classifies_transient_errors(orig: Exception, expected: str | None) -> None:
    assert transient_reason(OperationalError("stmt", {}, orig)) == expected


def test_constraint_violations_and_plain_errors_are_not_transient() -> None:
    assert transient_reason(IntegrityError("stmt", {}, _PgError("40001"))) is None
    assert transient_reason(ValueError("40001")) is None


def _fail(uow: Any, dialect: str) -> None:
    """Make the database abort the transaction the way contention does."""
    if dialect == "postgresql":
        uow.session.execute(
            text("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$")
        )
    raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


def test_a_use_case_is_retried_until_it_commits(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retry, "backoff", lambda attempt: 0)
    dialect = system.engine.dialect.name
    attempts: list[int] = []

    @retry_transient
    def use_case(uow: UnitOfWork) -> int:
        with uow:
            value = uow.counters.next_value("retry-test")
            attempts.append(value)
            if len(attempts) < 3:
                _fail(uow, dialect)  # the work done so far is rolled back
            uow.commit()
        return value

    assert use_case(system.uow()) == 1  # the failed attempts left nothing behind
    assert attempts == [1, 1, 1]


def test_when_every_attempt_fails_the_user_gets_a_clear_conflict(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retry, "backoff", lambda attempt: 0)
    dialect = system.engine.dialect.name
    calls: list[int] = []

    @retry_transient(attempts=3)
    def use_case(uow: UnitOfWork) -> None:
        with uow:
            calls.append(1)
            _fail(uow, dialect)

    with pytest.raises(TransientError) as raised:
        use_case(system.uow())
    assert len(calls) == 3
    assert raised.value.code == "transient_conflict"
    assert raised.value.kind == "conflict"
    assert "transient_conflict" in MESSAGES["zh-CN"]
