"""The last active administrator cannot be demoted or disabled; passwords refuse the common
ones with a clear message (issue #16 §12)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import users
from tests.conftest import login


def _refused(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    return dict(response.json()["error"])


def test_the_last_admin_cannot_demote_themself(client: TestClient) -> None:
    refused = _refused(client.patch("/api/v1/users/admin", json={"roles": ["sales"]}))
    assert refused["code"] == "last_admin"
    assert "admin" in refused["message"]
    assert client.get("/api/v1/users/admin").json()["roles"] == ["admin"]


def test_the_last_admin_cannot_be_demoted_or_disabled_by_the_system(
    client: TestClient, system: System
) -> None:
    for change in ({"roles": ("sales",)}, {"active": False}):
        with pytest.raises(ValidationError) as refused:
            users.update_user("admin", Actor.system(), system.uow(), **change)  # type: ignore[arg-type]
        assert refused.value.code == "last_admin", change


def test_with_a_second_admin_one_may_step_down(client: TestClient) -> None:
    body = {"username": "boss", "password": "Strong-pass-1", "roles": ["admin"]}
    assert client.post("/api/v1/users", json=body).status_code == 201
    boss = login(client, "boss", "Strong-pass-1")
    assert client.patch("/api/v1/users/admin", json={"roles": ["finance"]}).status_code == 200
    refused = _refused(client.patch("/api/v1/users/boss", json={"active": False}, headers=boss))
    assert refused["code"] in ("cannot_disable_self", "last_admin")
    refused = _refused(client.patch("/api/v1/users/boss", json={"roles": ["sales"]}, headers=boss))
    assert refused["code"] == "last_admin"


def test_a_common_password_is_refused_with_a_clear_message(client: TestClient) -> None:
    body = {"username": "zhang", "password": "password123", "roles": ["sales"]}
    refused = _refused(client.post("/api/v1/users", json=body))
    assert refused["code"] == "password_too_common"
    assert "常见" in refused["message"]
    english = client.post("/api/v1/users", json=body, headers={"Accept-Language": "en"})
    assert "common" in english.json()["error"]["message"]
    blank = {"username": "zhang", "password": " " * 10, "roles": ["sales"]}
    assert _refused(client.post("/api/v1/users", json=blank))["code"] == "password_too_short"
