"""Reads never wait for writes (DESIGN §3.15): while a writer holds the database, API reads,
pages and /healthz answer; a mutating call waits off the event loop.

The writer is another connection: on SQLite in ``BEGIN IMMEDIATE`` having written, on
PostgreSQL a transaction holding the token, user and stock balance rows FOR UPDATE. Each
request runs in a thread joined with a timeout, so a request that waits for the writer
fails the test instead of hanging it (nothing here measures time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event, text

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.api.app import create_app
from openjxc.services import users

#: far longer than any request takes, far shorter than SQLite's 30 s busy timeout
PATIENCE = 15
WEB_PASSWORD = "Web-pass-1"


class Call(threading.Thread):
    """One request in its own thread."""

    started: ClassVar[list[Call]] = []

    def __init__(self, request: Callable[[], httpx.Response]):
        super().__init__(daemon=True)
        Call.started.append(self)
        self.request = request
        self.response: httpx.Response | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.response = self.request()
        except BaseException as error:  # reported by the test
            self.error = error

    def answer(self) -> httpx.Response:
        """The response, which must come while the writer still holds the database."""
        self.join(PATIENCE)
        assert not self.is_alive(), "the request waited for the writer"
        assert self.error is None, repr(self.error)
        assert self.response is not None
        return self.response


@pytest.fixture
def finish_calls() -> Iterator[None]:
    """Let a request that failed the test finish before its client closes (no hang): asked
    for last, so it is torn down first."""
    yield
    while Call.started:
        Call.started.pop().join(PATIENCE)


@pytest.fixture
def stocked(client: TestClient) -> TestClient:
    """Warehouse W1 with 10 of P1 on hand (so there is a stock balance row to lock)."""
    for path, body in [
        ("/api/v1/organisations", {"code": "HQ", "name": "总部", "kind": "headquarters"}),
        ("/api/v1/warehouses", {"code": "W1", "name": "一号仓", "organisation": "HQ"}),
        ("/api/v1/products", {"code": "P1", "name": "吐司", "base_unit": "个"}),
    ]:
        assert client.post(path, json=body).status_code == 201
    draft = client.post(
        "/api/v1/documents",
        json={
            "date": "2026-10-10",
            "warehouse": "W1",
            "type": "opening_stock",
            "lines": [{"product": "P1", "qty": "10", "unit_cost": "2"}],
        },
    ).json()
    assert client.post(f"/api/v1/documents/{draft['number']}/approve").status_code == 200
    return client


@pytest.fixture
def browser(system: System, stocked: TestClient) -> Iterator[TestClient]:
    """A web session of user 'clerk' (read-only role), logged in through the form."""
    users.create_user(
        users.UserData("clerk", "店员", WEB_PASSWORD, roles=("viewer",)),
        Actor.system(),
        system.uow(),
    )
    with TestClient(create_app(system)) as web:
        page = web.get("/login").text
        csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        form = {"csrf_token": csrf, "username": "clerk", "password": WEB_PASSWORD}
        assert web.post("/login", data=form, follow_redirects=False).status_code == 303
        yield web


def _hold_the_database(system: System) -> Connection:
    """A writer in the middle of a long posting: it holds what a posting holds."""
    with system.engine.begin() as connection:
        # tokens not touched for a while: authenticating would want to update them
        connection.execute(text("UPDATE api_token SET last_used_at = NULL"))
    writer = system.engine.connect()
    if system.engine.dialect.name == "sqlite":
        writer.execution_options(sqlite_begin="IMMEDIATE")
        writer.begin()
        writer.execute(text("UPDATE stock_balance SET reserved = reserved"))
    else:
        writer.begin()
        for table in ("api_token", "user_account", "stock_balance"):
            writer.execute(text(f"SELECT * FROM {table} FOR UPDATE"))  # noqa: S608
        # and the Idempotency-Keys, as a migration would: their look-up has to wait
        writer.execute(text("LOCK TABLE idempotency_key IN ACCESS EXCLUSIVE MODE"))
    return writer


def _release(writer: Connection) -> None:
    writer.rollback()
    writer.close()


def test_api_reads_and_pages_answer_while_a_writer_holds_the_database(
    system: System, stocked: TestClient, browser: TestClient, finish_calls: None
) -> None:
    writer = _hold_the_database(system)
    try:
        balances = Call(lambda: stocked.get("/api/v1/stock/balances")).answer()
        me = Call(lambda: stocked.get("/api/v1/auth/me")).answer()
        home = Call(lambda: browser.get("/")).answer()
        page = Call(lambda: browser.get("/stock/balances")).answer()
    finally:
        _release(writer)
    assert balances.status_code == 200, balances.text
    assert [(b["product"], b["on_hand"]) for b in balances.json()["data"]] == [("P1", "10")]
    assert me.status_code == 200
    assert me.json()["username"] == "admin"
    assert home.status_code == 200
    assert "clerk" in home.text
    assert page.status_code == 200
    assert "吐司" in page.text


def test_a_revoked_token_is_refused_while_a_writer_holds_the_database(
    system: System, stocked: TestClient, finish_calls: None
) -> None:
    created = stocked.post("/api/v1/tokens", json={"name": "scanner"}).json()
    assert stocked.delete(f"/api/v1/tokens/{created['id']}").status_code == 204
    headers = {"Authorization": f"Bearer {created['token']}"}
    writer = _hold_the_database(system)
    try:
        refused = Call(lambda: stocked.get("/api/v1/stock/balances", headers=headers)).answer()
    finally:
        _release(writer)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"


def test_healthz_answers_while_a_call_with_an_idempotency_key_waits_for_the_writer(
    system: System, stocked: TestClient, finish_calls: None
) -> None:
    writer = _hold_the_database(system)
    reached_the_database = threading.Event()
    main = threading.get_ident()

    def seen(*_: Any) -> None:
        if threading.get_ident() != main:
            reached_the_database.set()

    event.listen(system.engine, "before_cursor_execute", seen)
    try:
        post = Call(
            lambda: stocked.post(
                "/api/v1/organisations",
                json={"code": "S01", "name": "一店"},
                headers={"Idempotency-Key": "wait-for-the-writer"},
            )
        )
        assert reached_the_database.wait(PATIENCE)
        health = Call(lambda: stocked.get("/healthz")).answer()
        assert post.is_alive(), "the call should still be waiting for the writer"
    finally:
        event.remove(system.engine, "before_cursor_execute", seen)
        _release(writer)
    assert health.status_code == 200
    created = post.answer()
    assert created.status_code == 201, created.text
