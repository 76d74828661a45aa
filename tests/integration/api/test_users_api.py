from fastapi.testclient import TestClient

from tests.conftest import login


def test_creating_a_user_without_a_password_generates_one_that_works(client: TestClient) -> None:
    created = client.post(
        "/api/v1/users", json={"username": "zhang", "display_name": "张三", "roles": ["warehouse"]}
    )
    assert created.status_code == 201, created.text
    password = created.json()["password"]
    assert len(password) >= 12
    assert login(client, "zhang", password)


def test_user_list_shows_roles_but_never_password_hashes(client: TestClient) -> None:
    client.post(
        "/api/v1/users", json={"username": "zhang", "password": "Strong-pass-1", "roles": ["sales"]}
    )
    listing = client.get("/api/v1/users").json()
    assert listing["count"] == 2
    assert {u["username"]: u["roles"] for u in listing["data"]} == {
        "admin": ["admin"],
        "zhang": ["sales"],
    }
    assert "argon2" not in str(listing)


def test_bad_user_input_is_refused_and_changes_nothing(client: TestClient) -> None:
    cases = [
        ({"username": "a b", "password": "Strong-pass-1"}, "invalid_username"),
        ({"username": "x", "password": "short1"}, "password_too_short"),
        ({"username": "x", "password": "12345678901"}, "password_too_simple"),
        ({"username": "x", "password": "Strong-pass-1", "roles": ["boss"]}, "unknown_role"),
        ({"username": "admin", "password": "Strong-pass-1"}, "duplicate"),
        (
            {"username": "x", "password": "Strong-pass-1", "organisation_ids": [99]},
            "unknown_reference",
        ),
        (
            {"username": "x", "password": "Strong-pass-1", "warehouse_ids": [99]},
            "unknown_reference",
        ),
    ]
    for body, code in cases:
        response = client.post("/api/v1/users", json=body)
        assert response.status_code in (409, 422), response.text
        assert response.json()["error"]["code"] == code
    assert client.get("/api/v1/users").json()["count"] == 1


def test_users_change_their_own_password_proving_the_old_one(client: TestClient) -> None:
    client.post(
        "/api/v1/users", json={"username": "zhang", "password": "Strong-pass-1", "roles": ["sales"]}
    )
    headers = login(client, "zhang", "Strong-pass-1")
    wrong = client.post(
        "/api/v1/users/me/password",
        json={"old_password": "nope", "new_password": "Other-pass-2"},
        headers=headers,
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "wrong_password"
    ok = client.post(
        "/api/v1/users/me/password",
        json={"old_password": "Strong-pass-1", "new_password": "Other-pass-2"},
        headers=headers,
    )
    assert ok.status_code == 200
    assert login(client, "zhang", "Other-pass-2")


def test_custom_roles_grant_exactly_their_permissions(client: TestClient) -> None:
    role = client.post(
        "/api/v1/roles", json={"code": "auditor", "name": "审计", "permissions": ["audit.read"]}
    )
    assert role.status_code == 201, role.text
    client.post(
        "/api/v1/users", json={"username": "sun", "password": "Strong-pass-1", "roles": ["auditor"]}
    )
    headers = login(client, "sun", "Strong-pass-1")
    assert client.get("/api/v1/audit", headers=headers).status_code == 200
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    assert (
        client.patch("/api/v1/roles/admin", json={"permissions": []}).json()["error"]["code"]
        == "builtin_role"
    )
    bad = client.post(
        "/api/v1/roles", json={"code": "x", "name": "x", "permissions": ["fly.plane"]}
    )
    assert bad.json()["error"]["code"] == "unknown_permission"


def test_an_administrator_cannot_disable_themself(client: TestClient) -> None:
    response = client.patch("/api/v1/users/admin", json={"active": False})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "cannot_disable_self"


def test_user_changes_are_audited_without_secrets(client: TestClient) -> None:
    client.post(
        "/api/v1/users", json={"username": "zhang", "password": "Strong-pass-1", "roles": ["sales"]}
    )
    client.patch("/api/v1/users/zhang", json={"roles": ["sales", "warehouse"]})
    entries = client.get("/api/v1/audit", params={"entity": "user"}).json()["data"]
    update = next(e for e in entries if e["action"] == "user.update")
    assert update["before"] == {"roles": ["sales"]}
    assert update["after"] == {"roles": ["sales", "warehouse"]}
    assert "password_hash" not in str(entries)


def test_a_scope_naming_no_warehouse_is_refused_on_update(client: TestClient) -> None:
    client.post("/api/v1/users", json={"username": "zhang", "password": "Strong-pass-1"})
    response = client.patch("/api/v1/users/zhang", json={"warehouse_ids": [12345]})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_reference"
    assert "12345" in response.json()["error"]["message"]
    assert client.get("/api/v1/users/zhang").json()["warehouse_ids"] is None


def test_own_documents_only_is_set_read_and_changed(client: TestClient) -> None:
    body = {"username": "li", "password": "Strong-pass-1", "roles": ["sales"]}
    created = client.post("/api/v1/users", json={**body, "own_documents_only": True})
    assert created.status_code == 201
    assert created.json()["own_documents_only"] is True
    listed = {
        u["username"]: u["own_documents_only"] for u in client.get("/api/v1/users").json()["data"]
    }
    assert listed == {"admin": False, "li": True}
    changed = client.patch("/api/v1/users/li", json={"own_documents_only": False})
    assert changed.status_code == 200
    assert changed.json()["own_documents_only"] is False
