"""Issue #16 item 9: a password change ends what the old password opened; failed logins
back off by username and address, never locking an account; every refusal looks alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Unauthenticated
from openjxc.services import auth, passwords, users
from tests.conftest import ADMIN_PASSWORD, login

PASSWORD = "Clerk-pass-1"
NEW_PASSWORD = "Fresh-pass-2"
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def clerk(system: System) -> str:
    users.create_user(
        users.UserData("clerk", "店员", PASSWORD, roles=("sales",)), Actor.system(), system.uow()
    )
    return "clerk"


@pytest.fixture
def elsewhere(app: FastAPI) -> Iterator[TestClient]:
    """A client at another address than the test client's ("testclient")."""
    with TestClient(app, client=("10.0.0.2", 50000)) as other:
        yield other


def _log_in(client: TestClient, username: str, password: str) -> int:
    return client.post(TOKEN, json={"username": username, "password": password}).status_code


def _api_token(client: TestClient, headers: dict[str, str]) -> str:
    created = client.post("/api/v1/tokens", json={"name": "sync"}, headers=headers)
    assert created.status_code == 201, created.text
    token: str = created.json()["token"]
    return token


# -- a password change ends the sessions and tokens of the old one ------------------------


def test_sessions_made_before_an_own_password_change_are_refused_after(
    client: TestClient, anonymous: TestClient, clerk: str
) -> None:
    phone = login(client, clerk, PASSWORD)
    desk = login(client, clerk, PASSWORD)
    changed = client.post(
        "/api/v1/users/me/password",
        json={"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=desk,
    )
    assert changed.status_code == 200, changed.text
    assert anonymous.get(ME, headers=phone).status_code == 401
    assert anonymous.get(ME, headers=desk).status_code == 401  # re-issued, not kept
    renewed = _bearer(changed.json()["access_token"])
    assert anonymous.get(ME, headers=renewed).json()["username"] == clerk


def test_an_own_password_change_ends_api_tokens_unless_asked_to_keep_them(
    client: TestClient, anonymous: TestClient, clerk: str
) -> None:
    session = login(client, clerk, PASSWORD)
    revoked, kept = _api_token(client, session), _api_token(client, session)
    changed = client.post(
        "/api/v1/users/me/password",
        json={"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=session,
    )
    assert anonymous.get(ME, headers=_bearer(revoked)).status_code == 401
    session = _bearer(changed.json()["access_token"])
    kept = _api_token(client, session)
    other = login(client, clerk, NEW_PASSWORD)
    client.post(
        "/api/v1/users/me/password",
        json={"old_password": NEW_PASSWORD, "new_password": PASSWORD, "keep_api_tokens": True},
        headers=session,
    )
    assert anonymous.get(ME, headers=_bearer(kept)).status_code == 200
    assert anonymous.get(ME, headers=other).status_code == 401  # sessions end regardless


def test_an_administrators_reset_ends_every_session_and_token_of_the_user(
    client: TestClient, anonymous: TestClient, clerk: str
) -> None:
    session = login(client, clerk, PASSWORD)
    token = _api_token(client, session)
    reset = client.post(f"/api/v1/users/{clerk}/password", json={"password": NEW_PASSWORD})
    assert reset.status_code == 200
    assert anonymous.get(ME, headers=session).status_code == 401
    assert anonymous.get(ME, headers=_bearer(token)).status_code == 401
    assert anonymous.get(ME, headers=client.headers).status_code == 200  # the admin's own


def test_a_session_ended_by_a_password_change_cannot_mint_a_token_after(
    system: System, clerk: str
) -> None:
    issued = auth.login(clerk, PASSWORD, "10.0.0.9", system.uow(), system.settings)
    actor = auth.authenticate(issued.token, system.reader())  # authenticated just before
    users.set_password(clerk, NEW_PASSWORD, Actor.system(), system.uow())
    with pytest.raises(Unauthenticated) as refused:
        auth.create_api_token(actor, "late", system.uow())
    assert refused.value.code == "invalid_token"


# -- every refusal looks alike, in answer and in work ---------------------------------------


class CountingHasher:
    """The production hasher, counting its verifications."""

    def __init__(self, inner: passwords.Hasher) -> None:
        self.inner = inner
        self.verified = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        return self.inner.hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return self.inner.verify(hash, password)


@pytest.fixture
def hasher() -> Iterator[CountingHasher]:
    counting = CountingHasher(passwords.hasher())
    previous = passwords.use_hasher(counting)
    yield counting
    passwords.use_hasher(previous)


def test_unknown_wrong_disabled_and_held_back_answer_alike_after_one_verification_each(
    client: TestClient, elsewhere: TestClient, clerk: str, hasher: CountingHasher
) -> None:
    client.patch(f"/api/v1/users/{clerk}", json={"active": False})
    users_and_passwords = {
        "unknown user": ("ghost", PASSWORD),
        "wrong password": ("admin", "Wrong-pass-1"),
        "disabled user, right password": (clerk, PASSWORD),
    }
    answers = {}
    for case, (username, password) in users_and_passwords.items():
        hasher.verified = 0
        answers[case] = elsewhere.post(TOKEN, json={"username": username, "password": password})
        assert hasher.verified == 1, case
    for _ in range(5):
        _log_in(elsewhere, "admin", "Wrong-pass-1")
    hasher.verified = 0
    answers["held back, right password"] = elsewhere.post(
        TOKEN, json={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert hasher.verified == 1
    assert {r.status_code for r in answers.values()} == {401}
    assert len({r.text for r in answers.values()}) == 1, answers
    assert answers["unknown user"].json()["error"]["code"] == "invalid_credentials"
    hasher.verified = 0
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 200  # and a success: one as well
    assert hasher.verified == 1


# -- back-off, never a lock ---------------------------------------------------------------


def test_failures_hold_a_username_back_at_that_address_only(
    client: TestClient, elsewhere: TestClient
) -> None:
    for _ in range(5):
        assert _log_in(elsewhere, "admin", "Wrong-pass-1") == 401
    assert _log_in(elsewhere, "admin", ADMIN_PASSWORD) == 401  # held back there
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 200  # the admin's own address


def test_the_back_off_ends_after_its_wait(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start)
    for _ in range(6):
        _log_in(client, "admin", "Wrong-pass-1")
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 401  # 6 failures: wait 2 s
    _at(monkeypatch, start + timedelta(seconds=3))  # the refused try counted: wait 4 s
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 401
    _at(monkeypatch, start + timedelta(seconds=3 + 8))  # and that one: 8 s
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 200


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_an_address_spraying_names_waits_but_cannot_lock_the_administrator_out(
    client: TestClient, elsewhere: TestClient
) -> None:
    for n in range(20):
        assert _log_in(elsewhere, f"guess{n}", "Wrong-pass-1") == 401
    refused = elsewhere.post(TOKEN, json={"username": "admin", "password": ADMIN_PASSWORD})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) >= 1
    assert _log_in(client, "admin", ADMIN_PASSWORD) == 200


def test_the_old_password_of_an_own_change_is_throttled_too(
    client: TestClient, elsewhere: TestClient, clerk: str
) -> None:
    session = login(client, clerk, PASSWORD)
    for _ in range(5):
        wrong = client.post(
            "/api/v1/users/me/password",
            json={"old_password": "Wrong-pass-1", "new_password": NEW_PASSWORD},
            headers=session,
        )
        assert wrong.json()["error"]["code"] == "wrong_password"
    throttled = client.post(
        "/api/v1/users/me/password",
        json={"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=session,
    )
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "too_many_attempts"
    assert "Retry-After" in throttled.headers
    assert _log_in(client, clerk, PASSWORD) == 401  # held back at this address for login too
    assert _log_in(elsewhere, clerk, PASSWORD) == 200  # the password did not change


def test_an_administrators_reset_forgets_the_users_failures(
    client: TestClient, elsewhere: TestClient, clerk: str
) -> None:
    for _ in range(5):
        _log_in(elsewhere, clerk, "Wrong-pass-1")
    client.post(f"/api/v1/users/{clerk}/password", json={"password": NEW_PASSWORD})
    assert _log_in(elsewhere, clerk, NEW_PASSWORD) == 200
