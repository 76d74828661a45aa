"""Idempotency-Key (issue #16 item 10): a key belongs to a user, not to a credential; secrets
are never stored; a key is never left "in progress"; keys expire after 24 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from openjxc.adapters.db.tables import system as tables
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services import idempotency, users
from tests.conftest import ADMIN_PASSWORD, login

ORG = {"code": "S01", "name": "一店"}


def _count(client: TestClient) -> int:
    count: int = client.get("/api/v1/organisations").json()["count"]
    return count


def _stored_replies(system: System) -> str:
    with system.engine.connect() as connection:
        rows = connection.execute(select(tables.idempotency_key.c.response_body)).scalars()
        return "\n".join(r for r in rows if r is not None)


def test_a_retry_after_logging_in_again_returns_the_first_result(client: TestClient) -> None:
    key = {"Idempotency-Key": "org-s01"}
    first = client.post("/api/v1/organisations", json=ORG, headers=key)
    again = client.post(
        "/api/v1/organisations", json=ORG, headers={**key, **login(client, "admin", ADMIN_PASSWORD)}
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _count(client) == 1


def test_another_user_cannot_use_the_same_key_even_with_the_same_body(
    client: TestClient, system: System
) -> None:
    users.create_user(
        users.UserData("boss", "老板", "Boss-pass-1", roles=("admin",)),
        Actor.system(),
        system.uow(),
    )
    key = {"Idempotency-Key": "org-s01"}
    assert client.post("/api/v1/organisations", json=ORG, headers=key).status_code == 201
    other = client.post(
        "/api/v1/organisations", json=ORG, headers={**key, **login(client, "boss", "Boss-pass-1")}
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert _count(client) == 1


def test_the_same_key_on_another_path_is_refused(client: TestClient) -> None:
    key = {"Idempotency-Key": "k1"}
    assert client.post("/api/v1/organisations", json=ORG, headers=key).status_code == 201
    other = client.post("/api/v1/categories", json={"code": "S01", "name": "一店"}, headers=key)
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_a_new_api_token_is_never_stored_and_a_retry_is_refused_not_repeated(
    client: TestClient, system: System
) -> None:
    key = {"Idempotency-Key": "token-1"}
    first = client.post("/api/v1/tokens", json={"name": "scanner"}, headers=key)
    assert first.status_code == 201
    again = client.post("/api/v1/tokens", json={"name": "scanner"}, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_reply_withheld"
    assert "Idempotency-Key" in again.json()["error"]["message"]
    names = [t["name"] for t in client.get("/api/v1/tokens").json()["data"]]
    assert names.count("scanner") == 1
    assert first.json()["token"] not in _stored_replies(system)


def test_a_login_with_a_key_is_not_stored_or_replayed(
    client: TestClient, anonymous: TestClient, system: System
) -> None:
    key = {"Idempotency-Key": "login-1"}
    body = {"username": "admin", "password": ADMIN_PASSWORD}
    first = anonymous.post("/api/v1/auth/token", json=body, headers=key)
    assert first.status_code == 200
    again = anonymous.post("/api/v1/auth/token", json=body, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_reply_withheld"
    assert first.json()["access_token"] not in _stored_replies(system)


def test_passwords_given_or_generated_are_never_stored(client: TestClient, system: System) -> None:
    created = client.post(
        "/api/v1/users",
        json={"username": "clerk", "roles": ["viewer"]},
        headers={"Idempotency-Key": "user-1"},
    )
    assert created.status_code == 201, created.text
    reset = client.post(
        "/api/v1/users/clerk/password", json={}, headers={"Idempotency-Key": "password-1"}
    )
    assert reset.status_code == 200, reset.text
    stored = _stored_replies(system)
    assert created.json()["password"] not in stored
    assert reset.json()["password"] not in stored
    again = client.post(
        "/api/v1/users/clerk/password", json={}, headers={"Idempotency-Key": "password-1"}
    )
    assert again.json()["error"]["code"] == "idempotency_reply_withheld"


def test_a_key_whose_reply_was_lost_is_not_left_in_progress(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object) -> None:
        raise RuntimeError("the server died between the commit and keeping the reply")

    monkeypatch.setattr(idempotency, "record_reply", crash)
    key = {"Idempotency-Key": "org-s01"}
    assert client.post("/api/v1/organisations", json=ORG, headers=key).status_code == 201
    monkeypatch.undo()
    again = client.post("/api/v1/organisations", json=ORG, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_reply_unavailable"
    assert _count(client) == 1


def test_a_key_expires_after_24_hours(client: TestClient, system: System) -> None:
    for key, code in [("old", "S01"), ("older", "S02")]:
        body = {"code": code, "name": code}
        response = client.post("/api/v1/organisations", json=body, headers={"Idempotency-Key": key})
        assert response.status_code == 201
    with system.engine.begin() as connection:
        connection.execute(
            update(tables.idempotency_key).values(created_at=clock.now() - timedelta(hours=25))
        )
    reused = client.post(
        "/api/v1/organisations",
        json={"code": "S03", "name": "三店"},
        headers={"Idempotency-Key": "old"},
    )
    assert reused.status_code == 201, reused.text
    assert _count(client) == 3
    with system.engine.connect() as connection:
        keys = connection.execute(select(tables.idempotency_key.c.key)).scalars().all()
    assert keys == ["old"]  # the expired one was forgotten


def test_a_failed_call_keeps_its_key_free_and_a_retry_runs_again(client: TestClient) -> None:
    key = {"Idempotency-Key": "org-s01"}
    refused = client.post("/api/v1/organisations", json={**ORG, "parent": "NOPE"}, headers=key)
    assert refused.status_code == 422
    fixed = client.post("/api/v1/organisations", json={**ORG, "parent": "NOPE"}, headers=key)
    assert fixed.status_code == 422
    assert fixed.json()["error"]["code"] == refused.json()["error"]["code"]
    assert client.post("/api/v1/organisations", json=ORG, headers=key).status_code == 201
