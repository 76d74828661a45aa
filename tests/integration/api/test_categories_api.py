from fastapi.testclient import TestClient


def _post(client: TestClient, code: str, name: str, parent: str | None = None) -> int:
    response = client.post(
        "/api/v1/categories", json={"code": code, "name": name, "parent": parent}
    )
    return response.status_code


def test_categories_form_a_tree_listed_in_code_order(client: TestClient) -> None:
    assert _post(client, "02", "成品") == 201
    assert _post(client, "01", "原料") == 201
    assert _post(client, "0101", "乳制品", "01") == 201
    listing = client.get("/api/v1/categories").json()
    assert [(c["code"], c["parent"]) for c in listing["data"]] == [
        ("01", None),
        ("0101", "01"),
        ("02", None),
    ]
    children = client.get("/api/v1/categories", params={"parent": "01"}).json()["data"]
    assert [c["code"] for c in children] == ["0101"]
    by_id = client.get(f"/api/v1/categories/{listing['data'][1]['id']}").json()
    assert by_id["name"] == "乳制品"


def test_a_category_can_be_moved_but_never_under_its_own_descendant(client: TestClient) -> None:
    _post(client, "01", "原料")
    _post(client, "0101", "乳制品", "01")
    _post(client, "010101", "奶油", "0101")
    _post(client, "02", "成品")
    moved = client.patch("/api/v1/categories/0101", json={"parent": "02"})
    assert moved.status_code == 200
    assert moved.json()["parent"] == "02"
    cyclic = client.patch("/api/v1/categories/0101", json={"parent": "010101"})
    assert cyclic.status_code == 422
    assert cyclic.json()["error"]["code"] == "cyclic_parent"
    itself = client.patch("/api/v1/categories/01", json={"parent": "01"})
    assert itself.json()["error"]["code"] == "cyclic_parent"
    assert client.get("/api/v1/categories/0101").json()["parent"] == "02"


def test_bad_categories_are_refused_and_change_nothing(client: TestClient) -> None:
    _post(client, "01", "原料")
    before = client.get("/api/v1/categories").json()
    cases = [
        ({"code": "01", "name": "重复"}, 409, "duplicate"),
        ({"code": "09", "name": "x", "parent": "NOPE"}, 422, "unknown_reference"),
        ({"code": "0 9", "name": "x"}, 422, "invalid_code"),
        ({"code": "09"}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        response = client.post("/api/v1/categories", json=body)
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code
    assert client.get("/api/v1/categories").json() == before


def test_a_category_in_use_cannot_be_deleted_but_an_empty_one_can(client: TestClient) -> None:
    _post(client, "01", "原料")
    _post(client, "0101", "乳制品", "01")
    _post(client, "03", "包装")
    client.post(
        "/api/v1/products", json={"code": "B1", "name": "盒", "base_unit": "个", "category": "03"}
    )
    for used in ("01", "03"):  # a subcategory, a product
        refused = client.delete(f"/api/v1/categories/{used}")
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "in_use"
    assert client.delete("/api/v1/categories/0101").status_code == 204
    assert [c["code"] for c in client.get("/api/v1/categories").json()["data"]] == ["01", "03"]


def test_a_viewer_cannot_write_categories(client: TestClient, headers_for: object) -> None:
    viewer = headers_for("viewer")  # type: ignore[operator]
    response = client.post(
        "/api/v1/categories", json={"code": "01", "name": "原料"}, headers=viewer
    )
    assert response.status_code == 403
    assert client.get("/api/v1/categories").json()["count"] == 0
