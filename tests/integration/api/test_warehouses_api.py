from collections.abc import Callable

from fastapi.testclient import TestClient


def _organisations(client: TestClient) -> None:
    client.post(
        "/api/v1/organisations", json={"code": "HQ", "name": "总部", "kind": "headquarters"}
    )
    client.post("/api/v1/organisations", json={"code": "S01", "name": "徐汇店", "parent": "HQ"})
    client.post("/api/v1/organisations", json={"code": "S02", "name": "静安店", "parent": "HQ"})


def _warehouse(client: TestClient, code: str, organisation: str, **extra: object) -> int:
    body = {"code": code, "name": f"{code}仓", "organisation": organisation, **extra}
    return client.post("/api/v1/warehouses", json=body).status_code


def test_a_warehouse_belongs_to_an_organisation_and_refuses_negative_stock_by_default(
    client: TestClient,
) -> None:
    _organisations(client)
    created = client.post(
        "/api/v1/warehouses",
        json={"code": "CW", "name": "中央仓", "organisation": "HQ", "keeper": "周师傅"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["organisation"] == "HQ"
    assert body["organisation_name"] == "总部"
    assert body["allow_negative_stock"] is False
    assert body["keeper"] == "周师傅"
    assert client.get(f"/api/v1/warehouses/{body['id']}").json() == body
    patched = client.patch("/api/v1/warehouses/CW", json={"allow_negative_stock": True})
    assert patched.json()["allow_negative_stock"] is True
    assert patched.json()["name"] == "中央仓"


def test_the_list_filters_by_organisation_and_text(client: TestClient) -> None:
    _organisations(client)
    for code, org in (("CW", "HQ"), ("W1", "S01"), ("W2", "S02")):
        assert _warehouse(client, code, org) == 201

    def codes(**params: str) -> list[str]:
        return [w["code"] for w in client.get("/api/v1/warehouses", params=params).json()["data"]]

    assert codes() == ["CW", "W1", "W2"]
    assert codes(organisation="S01") == ["W1"]
    assert codes(q="w2") == ["W2"]


def test_users_see_only_the_warehouses_of_their_data_scope(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    _organisations(client)
    for code, org in (("CW", "HQ"), ("W1", "S01"), ("W2", "S02")):
        _warehouse(client, code, org)
    store = client.get("/api/v1/organisations/S01").json()["id"]
    w2 = client.get("/api/v1/warehouses/W2").json()["id"]
    by_store = headers_for("store_manager", "manager1", organisation_ids=(store,))
    by_warehouse = headers_for("warehouse", "keeper2", warehouse_ids=(w2,))
    listed = client.get("/api/v1/warehouses", headers=by_store).json()
    assert [w["code"] for w in listed["data"]] == ["W1"]
    assert listed["count"] == 1
    assert [
        w["code"] for w in client.get("/api/v1/warehouses", headers=by_warehouse).json()["data"]
    ] == ["W2"]
    assert client.get("/api/v1/warehouses/CW", headers=by_store).status_code == 404


def test_bad_warehouses_are_refused_and_change_nothing(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    _organisations(client)
    _warehouse(client, "CW", "HQ")
    before = client.get("/api/v1/warehouses").json()
    cases = [
        ({"code": "CW", "name": "x", "organisation": "HQ"}, 409, "duplicate"),
        ({"code": "W9", "name": "x", "organisation": "NOPE"}, 422, "unknown_reference"),
        ({"code": "W9", "name": "x"}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        response = client.post("/api/v1/warehouses", json=body)
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code
    unknown = client.patch("/api/v1/warehouses/CW", json={"name": "新", "organisation": "NOPE"})
    assert unknown.status_code == 422
    viewer = headers_for("viewer")
    assert (
        client.post(
            "/api/v1/warehouses",
            json={"code": "W8", "name": "x", "organisation": "HQ"},
            headers=viewer,
        ).status_code
        == 403
    )
    assert client.get("/api/v1/warehouses").json() == before


def test_an_unused_warehouse_can_be_deleted(client: TestClient) -> None:
    _organisations(client)
    _warehouse(client, "TMP", "HQ")
    assert client.delete("/api/v1/warehouses/TMP").status_code == 204
    assert client.get("/api/v1/warehouses").json()["count"] == 0
