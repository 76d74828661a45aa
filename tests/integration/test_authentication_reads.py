"""Authentication reads on a read session; ``last_used_at`` is a best-effort write."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from openjxc.adapters.db.read_unit_of_work import ReadOnly, SqlReadOnlyUnitOfWork
from openjxc.adapters.db.tables.access import api_token
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Unauthenticated
from openjxc.services import auth, users

PASSWORD = "Clerk-pass-1"


@pytest.fixture
def token(system: System) -> str:
    users.create_user(
        users.UserData("clerk", "店员", PASSWORD, roles=("viewer",)), Actor.system(), system.uow()
    )
    return auth.login("clerk", PASSWORD, "127.0.0.1", system.uow(), system.settings).token


def _last_used(system: System) -> datetime | None:
    with system.engine.connect() as connection:
        used: datetime | None = connection.execute(select(api_token.c.last_used_at)).scalar_one()
        return used


def _set_last_used(system: System, at: datetime | None) -> None:
    with system.engine.begin() as connection:
        connection.execute(update(api_token).values(last_used_at=at))


def test_a_token_s_use_is_noted_at_most_once_a_minute(system: System, token: str) -> None:
    assert _last_used(system) is None
    assert auth.authenticate(token, system.reader()).username == "clerk"
    first = _last_used(system)
    assert first is not None
    recent = clock.now() - timedelta(seconds=30)
    _set_last_used(system, recent)
    auth.authenticate(token, system.reader())
    assert _last_used(system) == recent
    stale = clock.now() - timedelta(minutes=2)
    _set_last_used(system, stale)
    auth.authenticate(token, system.reader())
    noted = _last_used(system)
    assert noted is not None
    assert noted > stale


def test_a_writer_holding_the_token_skips_the_note_but_not_the_request(
    system: System, token: str
) -> None:
    writer = system.engine.connect()
    if system.engine.dialect.name == "sqlite":
        writer.execution_options(sqlite_begin="IMMEDIATE")
        writer.begin()
        writer.execute(text("UPDATE api_token SET name = name"))
    else:
        writer.begin()
        writer.execute(text("SELECT * FROM api_token FOR UPDATE"))
    actors: list[Actor] = []
    caller = threading.Thread(
        target=lambda: actors.append(auth.authenticate(token, system.reader())), daemon=True
    )
    try:
        caller.start()
        caller.join(15)  # a guard against hanging, far beyond a normal call
        assert not caller.is_alive(), "authentication waited for the writer"
    finally:
        writer.rollback()
        writer.close()
    assert [a.username for a in actors] == ["clerk"]
    assert _last_used(system) is None  # skipped, not waited for


def test_the_read_only_unit_of_work_refuses_to_commit(system: System) -> None:
    reader = system.reader()
    assert isinstance(reader, SqlReadOnlyUnitOfWork)
    with reader, pytest.raises(ReadOnly):
        reader.commit()


def test_a_web_session_token_and_a_bearer_token_are_each_refused_in_the_others_place(
    system: System, token: str
) -> None:
    session = auth.login(
        "clerk", PASSWORD, "127.0.0.1", system.uow(), system.settings, web_session=True
    )
    assert auth.authenticate(session.token, system.reader(), web_session=True).username == "clerk"
    assert auth.authenticate(token, system.reader()).username == "clerk"
    for refused, web_session in ((session.token, False), (token, True)):
        with pytest.raises(Unauthenticated) as error:
            auth.authenticate(refused, system.reader(), web_session=web_session)
        assert error.value.code == "invalid_token"
