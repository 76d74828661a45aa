from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

DAIRY: dict[str, Any] = {
    "code": "GYS001",
    "name": "上海光明乳业供应站",
    "kind": "supplier",
    "contacts": [
        {
            "name": "王建国",
            "phone": "13816880001",
            "email": "wang@example.com",
            "position": "销售经理",
        },
        {"name": "陈会计", "phone": "021-54880002"},
    ],
    "tax_number": "91310112MA1G8X0001",
    "tax_rate": "0.13",
    "payment_terms_days": 30,
    "strategic": True,
}
CAFE: dict[str, Any] = {
    "code": "KH001",
    "name": "街角咖啡馆",
    "kind": "customer",
    "credit_limit": "5000",
    "payment_terms_days": 15,
    "price_level": 3,
}


def _create(client: TestClient, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = client.post("/api/v1/partners", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_partner_keeps_its_contacts_terms_and_credit_limit(client: TestClient) -> None:
    supplier = _create(client, DAIRY)
    assert [c["name"] for c in supplier["contacts"]] == ["王建国", "陈会计"]
    assert supplier["contacts"][1] == {
        "name": "陈会计",
        "phone": "021-54880002",
        "email": "",
        "position": "",
    }
    assert supplier["tax_rate"] == "0.13"
    assert supplier["credit_limit"] is None
    customer = _create(client, CAFE)
    assert customer["credit_limit"] == "5000.00"
    assert customer["price_level"] == 3
    assert client.get(f"/api/v1/partners/{customer['id']}").json() == customer


def test_a_patch_replaces_the_contacts_and_keeps_the_other_fields(client: TestClient) -> None:
    _create(client, DAIRY)
    patched = client.patch("/api/v1/partners/GYS001", json={"contacts": [{"name": "李娜"}]})
    assert patched.status_code == 200, patched.text
    assert [c["name"] for c in patched.json()["contacts"]] == ["李娜"]
    assert patched.json()["payment_terms_days"] == 30
    assert patched.json()["strategic"] is True


def test_the_kind_filter_counts_partners_that_are_both(client: TestClient) -> None:
    _create(client, DAIRY)
    _create(client, CAFE)
    _create(client, {"code": "WL001", "name": "上海味来食品有限公司", "kind": "both"})

    def codes(**params: str) -> list[str]:
        return [p["code"] for p in client.get("/api/v1/partners", params=params).json()["data"]]

    assert codes(kind="customer") == ["KH001", "WL001"]
    assert codes(kind="supplier") == ["GYS001", "WL001"]
    assert codes(kind="both") == ["WL001"]
    assert codes(q="gmry") == ["GYS001"]  # pinyin initials of 光明乳业
    assert codes(q="王建国") == ["GYS001"]  # a contact's name
    assert codes(strategic="true") == ["GYS001"]


BAD = [
    pytest.param({**CAFE}, 409, "duplicate", id="duplicate code"),
    pytest.param(
        {**CAFE, "code": "K2", "credit_limit": "100.005"},
        422,
        "too_many_decimals",
        id="credit limit with 3 decimals",
    ),
    pytest.param(
        {**CAFE, "code": "K2", "credit_limit": "-1"}, 422, "negative", id="negative credit limit"
    ),
    pytest.param(
        {**CAFE, "code": "K2", "payment_terms_days": -1}, 422, "out_of_range", id="negative terms"
    ),
    pytest.param({**CAFE, "code": "K2", "price_level": 0}, 422, "out_of_range", id="price level 0"),
    pytest.param(
        {**CAFE, "code": "K2", "kind": "friend"}, 422, "validation_error", id="unknown kind"
    ),
    pytest.param(
        {**CAFE, "code": "K2", "contacts": [{"name": "x", "email": "not-mail"}]},
        422,
        "invalid_email",
        id="bad email",
    ),
    pytest.param(
        {**CAFE, "code": "K2", "contacts": [{"name": " "}]},
        422,
        "required",
        id="contact without name",
    ),
]


@pytest.mark.parametrize(("body", "status", "code"), BAD)
def test_bad_partners_are_refused_and_change_nothing(
    client: TestClient, body: dict[str, Any], status: int, code: str
) -> None:
    _create(client, CAFE)
    before = client.get("/api/v1/partners").json()
    response = client.post("/api/v1/partners", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert client.get("/api/v1/partners").json() == before


def test_writing_a_partner_needs_the_permission_of_its_kind(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    sales, purchasing = headers_for("sales"), headers_for("purchasing")
    _create(client, CAFE, **sales)
    _create(client, DAIRY, **purchasing)
    refusals = [
        client.post("/api/v1/partners", json={**DAIRY, "code": "G2"}, headers=sales),
        client.post("/api/v1/partners", json={**CAFE, "code": "K2"}, headers=purchasing),
        client.post(
            "/api/v1/partners", json={"code": "B1", "name": "两者", "kind": "both"}, headers=sales
        ),
        client.patch("/api/v1/partners/KH001", json={"kind": "both"}, headers=sales),
        client.patch("/api/v1/partners/GYS001", json={"name": "改"}, headers=sales),
        client.post("/api/v1/partners", json={**CAFE, "code": "K3"}, headers=headers_for("viewer")),
    ]
    for response in refusals:
        assert response.status_code == 403, response.text
    listing = client.get("/api/v1/partners").json()
    assert [(p["code"], p["kind"], p["name"]) for p in listing["data"]] == [
        ("GYS001", "supplier", "上海光明乳业供应站"),
        ("KH001", "customer", "街角咖啡馆"),
    ]


def test_an_unused_partner_can_be_deleted(client: TestClient) -> None:
    _create(client, CAFE)
    assert client.delete("/api/v1/partners/KH001").status_code == 204
    assert client.get("/api/v1/partners/KH001").status_code == 404
