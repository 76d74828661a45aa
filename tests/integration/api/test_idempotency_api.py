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


def _crash_before_the_reply_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server dies right after the work's transaction commits, before the full reply
    is kept (what a kill -9 at that moment leaves behind)."""

    def crash(*_: object) -> None:
        raise RuntimeError("the server died between the commit and keeping the reply")

    monkeypatch.setattr(idempotency, "record_reply", crash)


def test_a_retry_after_a_crash_before_the_reply_was_kept_gets_the_first_reply(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "org-s01"}
    first = client.post("/api/v1/organisations", json=ORG, headers=key)
    assert first.status_code == 201
    monkeypatch.undo()
    again = client.post("/api/v1/organisations", json=ORG, headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert _count(client) == 1
    # the reply rendered again is not kept either: a later retry renders it again
    assert client.post("/api/v1/organisations", json=ORG, headers=key).json() == first.json()


def test_the_answer_is_written_in_the_transaction_of_the_work(
    client: TestClient, system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_before_the_reply_is_kept(monkeypatch)
    client.post("/api/v1/organisations", json=ORG, headers={"Idempotency-Key": "org-s01"})
    with system.engine.connect() as connection:
        row = connection.execute(select(tables.idempotency_key)).one()
    assert (row.status_code, row.replay_path, row.response_body) == (
        201,
        "/api/v1/organisations/S01",
        None,
    )


def test_a_patch_retried_after_a_crash_answers_with_the_resource_it_changed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.post("/api/v1/organisations", json=ORG).status_code == 201
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "rename"}
    first = client.patch("/api/v1/organisations/S01", json={"name": "新一店"}, headers=key)
    assert first.status_code == 200
    monkeypatch.undo()
    again = client.patch("/api/v1/organisations/S01", json={"name": "新一店"}, headers=key)
    assert again.status_code == 200
    assert again.json() == first.json()


def test_a_delete_retried_after_a_crash_answers_204_and_deletes_nothing_more(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in ("C1", "C2"):
        body = {"code": code, "name": code}
        assert client.post("/api/v1/categories", json=body).status_code == 201
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "drop-c1"}
    assert client.delete("/api/v1/categories/C1", headers=key).status_code == 204
    monkeypatch.undo()
    again = client.delete("/api/v1/categories/C1", headers=key)
    assert again.status_code == 204
    assert again.content == b""
    codes = [c["code"] for c in client.get("/api/v1/categories").json()["data"]]
    assert codes == ["C2"]


def test_a_reply_made_at_the_commit_is_stored_with_the_work(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # roles have no read route of their own: the reply is made from the role at the commit
    _crash_before_the_reply_is_kept(monkeypatch)
    body = {"code": "counter", "name": "盘点员", "permissions": ["stock.read"]}
    key = {"Idempotency-Key": "role-1"}
    first = client.post("/api/v1/roles", json=body, headers=key)
    assert first.status_code == 201, first.text
    code = first.json()["code"]
    changed = client.patch(
        f"/api/v1/roles/{code}", json={"permissions": []}, headers={"Idempotency-Key": "role-2"}
    )
    assert changed.status_code == 200, changed.text
    monkeypatch.undo()
    again = client.post("/api/v1/roles", json=body, headers=key)
    assert again.status_code == 201
    assert again.json() == first.json()  # as it was answered, not as the role is now
    assert again.json()["permissions"] == ["stock.read"]
    redo = client.patch(
        f"/api/v1/roles/{code}", json={"permissions": []}, headers={"Idempotency-Key": "role-2"}
    )
    assert redo.status_code == 200
    assert redo.json() == changed.json()
    codes = [r["code"] for r in client.get("/api/v1/roles").json()["data"]]
    assert codes.count(code) == 1


def test_a_reply_that_cannot_be_rendered_again_is_still_never_done_twice(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a new rule's id is not known at the commit: after a crash a retry hears that it succeeded
    _crash_before_the_reply_is_kept(monkeypatch)
    rule = {"document_type": "purchase_receipt", "steps": [{"role": "admin"}]}
    key = {"Idempotency-Key": "rule-1"}
    assert client.post("/api/v1/approval-rules", json=rule, headers=key).status_code == 201
    monkeypatch.undo()
    again = client.post("/api/v1/approval-rules", json=rule, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_reply_unavailable"
    assert client.get("/api/v1/approval-rules").json()["count"] == 1


def test_a_changed_approval_rule_is_answered_again_from_its_read_route(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = {"document_type": "purchase_receipt", "steps": [{"role": "admin"}]}
    rule_id = client.post("/api/v1/approval-rules", json=rule).json()["id"]
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "rule-2"}
    change = {"min_amount": "1000"}
    first = client.patch(f"/api/v1/approval-rules/{rule_id}", json=change, headers=key)
    assert first.status_code == 200, first.text
    monkeypatch.undo()
    again = client.patch(f"/api/v1/approval-rules/{rule_id}", json=change, headers=key)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.json()["min_amount"] == "1000.00"
    assert client.get(f"/api/v1/approval-rules/{rule_id}").json() == first.json()
    assert client.get("/api/v1/approval-rules/999999").status_code == 404


def test_a_resource_gone_since_is_answered_as_unavailable_not_redone(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "cat-1"}
    category = {"code": "C1", "name": "面包"}
    assert client.post("/api/v1/categories", json=category, headers=key).status_code == 201
    monkeypatch.undo()
    assert client.delete("/api/v1/categories/C1").status_code == 204
    again = client.post("/api/v1/categories", json=category, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_reply_unavailable"
    assert client.get("/api/v1/categories").json()["count"] == 0


def test_a_secret_reply_lost_in_a_crash_is_still_refused_not_repeated(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_before_the_reply_is_kept(monkeypatch)
    key = {"Idempotency-Key": "token-1"}
    assert client.post("/api/v1/tokens", json={"name": "scanner"}, headers=key).status_code == 201
    monkeypatch.undo()
    again = client.post("/api/v1/tokens", json={"name": "scanner"}, headers=key)
    assert again.json()["error"]["code"] == "idempotency_reply_withheld"
    names = [t["name"] for t in client.get("/api/v1/tokens").json()["data"]]
    assert names.count("scanner") == 1


def test_a_failed_login_does_not_use_up_its_key(anonymous: TestClient) -> None:
    # the failure is remembered (the throttle counts it) but it is not the call's work
    key = {"Idempotency-Key": "login-1"}
    wrong = {"username": "admin", "password": "not-the-password"}
    for _ in range(2):
        refused = anonymous.post("/api/v1/auth/token", json=wrong, headers=key)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "invalid_credentials"


def test_a_wrong_old_password_does_not_use_up_its_key(client: TestClient) -> None:
    key = {"Idempotency-Key": "change-1"}
    body = {"old_password": "not-the-password", "new_password": "Another-pass-9"}
    for _ in range(2):
        refused = client.post("/api/v1/users/me/password", json=body, headers=key)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == "wrong_password"


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
