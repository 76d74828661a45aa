from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import users
from tests.conftest import login


def _user(system: System, name: str, *roles: str, password: str = "Pass-word-1") -> None:
    users.create_user(
        users.UserData(name, name, password, roles=roles), Actor.system(), system.uow()
    )


def test_calls_without_a_token_get_401_with_a_clear_message(anonymous: TestClient) -> None:
    response = anonymous.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "unauthenticated",
        "message": "请先登录",
        "details": [],
    }


def test_a_garbage_token_is_refused(anonymous: TestClient) -> None:
    response = anonymous.get(
        "/api/v1/organisations", headers={"Authorization": "Bearer jxc_nonsense"}
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client: TestClient) -> None:
    wrong = client.post("/api/v1/auth/token", json={"username": "admin", "password": "nope-nope-1"})
    unknown = client.post(
        "/api/v1/auth/token", json={"username": "ghost", "password": "nope-nope-1"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"] == unknown.json()["error"]
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_a_viewer_can_read_but_not_write(client: TestClient, system: System) -> None:
    _user(system, "kan", "viewer")
    headers = login(client, "kan", "Pass-word-1")
    assert client.get("/api/v1/organisations", headers=headers).status_code == 200
    denied = client.post("/api/v1/organisations", json={"code": "X", "name": "X"}, headers=headers)
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"
    assert "organisation.write" in denied.json()["error"]["message"]
    assert client.get("/api/v1/organisations").json()["count"] == 0


def test_a_disabled_user_loses_access_at_once(client: TestClient, system: System) -> None:
    _user(system, "wang", "sales")
    headers = login(client, "wang", "Pass-word-1")
    assert client.patch("/api/v1/users/wang", json={"active": False}).status_code == 200
    assert client.get("/api/v1/organisations", headers=headers).status_code == 401


def test_me_reports_roles_and_permissions(client: TestClient) -> None:
    me = client.get("/api/v1/auth/me").json()
    assert me["username"] == "admin"
    assert me["roles"] == ["admin"]
    assert "user.manage" in me["permissions"]


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(
    client: TestClient, anonymous: TestClient
) -> None:
    created = client.post("/api/v1/tokens", json={"name": "POS 同步"})
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/v1/auth/me", headers=headers).status_code == 200
    listed = client.get("/api/v1/tokens").json()["data"]
    assert [t["name"] for t in listed] == ["POS 同步"]
    assert token not in str(listed)
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}").status_code == 204
    assert anonymous.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_a_token_can_be_narrowed_to_fewer_permissions(
    client: TestClient, anonymous: TestClient
) -> None:
    token = client.post(
        "/api/v1/tokens", json={"name": "read", "permissions": ["organisation.read"]}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/v1/organisations", headers=headers).status_code == 200
    assert (
        anonymous.post(
            "/api/v1/organisations", json={"code": "A", "name": "A"}, headers=headers
        ).status_code
        == 403
    )


def test_a_user_cannot_grant_a_token_permissions_they_lack(
    client: TestClient, system: System
) -> None:
    _user(system, "li", "sales")
    headers = login(client, "li", "Pass-word-1")
    response = client.post(
        "/api/v1/tokens", json={"name": "x", "permissions": ["user.manage"]}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "permission_not_held"
