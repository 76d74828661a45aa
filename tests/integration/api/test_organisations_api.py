from fastapi.testclient import TestClient


def test_creates_and_reads_an_organisation_by_code_and_by_id(client: TestClient) -> None:
    created = client.post(
        "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["code"] == "HQ"
    assert body["kind"] == "headquarters"
    assert body["parent"] is None
    assert client.get("/api/v1/organisations/HQ").json()["id"] == body["id"]
    assert client.get(f"/api/v1/organisations/{body['id']}").json()["code"] == "HQ"


def test_a_store_names_its_parent_and_a_patch_changes_only_given_fields(client: TestClient) -> None:
    client.post(
        "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
    )
    store = client.post(
        "/api/v1/organisations",
        json={"code": "S01", "name": "徐汇店", "parent": "HQ", "phone": "021"},
    )
    assert store.json()["parent"] == "HQ"
    patched = client.patch("/api/v1/organisations/S01", json={"name": "徐汇旗舰店"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "徐汇旗舰店"
    assert patched.json()["phone"] == "021"
    assert patched.json()["parent"] == "HQ"


def test_duplicate_code_is_refused_with_a_chinese_message_and_changes_nothing(
    client: TestClient,
) -> None:
    client.post(
        "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
    )
    again = client.post("/api/v1/organisations", json={"code": "HQ", "name": "另一个"})
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "duplicate"
    assert "编码" in error["message"]
    assert "HQ" in error["message"]
    listing = client.get("/api/v1/organisations").json()
    assert listing["count"] == 1
    assert listing["data"][0]["name"] == "总部"


def test_messages_follow_accept_language(client: TestClient) -> None:
    response = client.post(
        "/api/v1/organisations",
        json={"code": "bad code", "name": "x"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_code"
    assert "invalid" in response.json()["error"]["message"]


def test_unknown_parent_and_cycles_are_refused(client: TestClient) -> None:
    client.post("/api/v1/organisations", json={"code": "A", "name": "A", "kind": "headquarters"})
    client.post("/api/v1/organisations", json={"code": "B", "name": "B", "parent": "A"})
    assert (
        client.post(
            "/api/v1/organisations", json={"code": "C", "name": "C", "parent": "NOPE"}
        ).json()["error"]["code"]
        == "unknown_reference"
    )
    cyclic = client.patch("/api/v1/organisations/A", json={"parent": "B"})
    assert cyclic.status_code == 422
    assert cyclic.json()["error"]["code"] == "cyclic_parent"
    assert client.get("/api/v1/organisations/A").json()["parent"] is None


def test_every_change_is_audited_with_before_and_after(client: TestClient) -> None:
    client.post(
        "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
    )
    client.patch("/api/v1/organisations/HQ", json={"phone": "021-1"})
    entries = client.get("/api/v1/audit", params={"entity": "organisation"}).json()["data"]
    assert [e["action"] for e in entries] == ["organisation.update", "organisation.create"]
    assert entries[0]["before"] == {"phone": ""}
    assert entries[0]["after"] == {"phone": "021-1"}
    assert entries[0]["username"] == "admin"
