from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(autouse=True)
def products(client: TestClient, bakery: None) -> None:
    """A store warehouse W1 beside CW, a product counted in pieces and one in kg."""
    created = client.post(
        "/api/v1/warehouses", json={"code": "W1", "name": "徐汇店仓", "organisation": "S01"}
    )
    assert created.status_code == 201, created.text
    for body in (
        {"code": "TOAST", "name": "吐司", "base_unit": "个"},
        {"code": "CREAM", "name": "淡奶油", "base_unit": "kg", "base_unit_decimals": 3},
    ):
        assert client.post("/api/v1/products", json=body).status_code == 201


def _levels(client: TestClient, product: str, **headers: str) -> dict[str, tuple[object, ...]]:
    rows = client.get(f"/api/v1/products/{product}/stock-settings", headers=headers).json()["data"]
    return {r["warehouse"]: (r["safety_stock"], r["reorder_point"], r["max_stock"]) for r in rows}


def test_levels_are_set_per_warehouse_and_listed_for_every_warehouse(client: TestClient) -> None:
    response = client.put(
        "/api/v1/products/TOAST/stock-settings",
        json={"warehouse": "W1", "safety_stock": 10, "reorder_point": "20", "max_stock": "60"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["warehouse"] == "W1"
    assert response.json()["safety_stock"] == "10"
    assert _levels(client, "TOAST") == {"CW": (None, None, None), "W1": ("10", "20", "60")}
    client.put(
        "/api/v1/products/TOAST/stock-settings", json={"warehouse": "W1", "safety_stock": "12"}
    )
    assert _levels(client, "TOAST")["W1"] == ("12", None, None)


def test_clearing_every_level_removes_the_setting(client: TestClient) -> None:
    client.put(
        "/api/v1/products/CREAM/stock-settings", json={"warehouse": "CW", "safety_stock": "20.5"}
    )
    assert _levels(client, "CREAM")["CW"] == ("20.5", None, None)
    client.put("/api/v1/products/CREAM/stock-settings", json={"warehouse": "CW"})
    assert _levels(client, "CREAM")["CW"] == (None, None, None)
    actions = [
        e["action"]
        for e in client.get("/api/v1/audit", params={"entity": "stock_setting"}).json()["data"]
    ]
    assert actions == ["stock_setting.delete", "stock_setting.create"]


BAD = [
    pytest.param(
        "TOAST",
        {"warehouse": "W1", "safety_stock": "70", "max_stock": "60"},
        422,
        "stock_levels_out_of_order",
        id="safety above max",
    ),
    pytest.param(
        "TOAST", {"warehouse": "W1", "safety_stock": "-1"}, 422, "negative", id="negative"
    ),
    pytest.param(
        "TOAST",
        {"warehouse": "W1", "safety_stock": "2.5"},
        422,
        "too_many_decimals",
        id="half a piece",
    ),
    pytest.param(
        "CREAM",
        {"warehouse": "W1", "safety_stock": "0.0001"},
        422,
        "too_many_decimals",
        id="finer than the base unit",
    ),
    pytest.param(
        "TOAST",
        {"warehouse": "NOPE", "safety_stock": "1"},
        422,
        "unknown_reference",
        id="unknown warehouse",
    ),
    pytest.param(
        "NOPE", {"warehouse": "W1", "safety_stock": "1"}, 404, "not_found", id="unknown product"
    ),
]


@pytest.mark.parametrize(("product", "body", "status", "code"), BAD)
def test_bad_levels_are_refused_and_change_nothing(
    client: TestClient, product: str, body: dict[str, object], status: int, code: str
) -> None:
    client.put(
        "/api/v1/products/TOAST/stock-settings", json={"warehouse": "W1", "safety_stock": "5"}
    )
    before = _levels(client, "TOAST")
    response = client.put(f"/api/v1/products/{product}/stock-settings", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert _levels(client, "TOAST") == before


def test_a_user_sets_levels_only_in_the_warehouses_of_their_scope(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    w1 = client.get("/api/v1/warehouses/W1").json()["id"]
    keeper = headers_for("warehouse", warehouse_ids=(w1,))
    allowed = client.put(
        "/api/v1/products/TOAST/stock-settings",
        json={"warehouse": "W1", "safety_stock": "3"},
        headers=keeper,
    )
    assert allowed.status_code == 200, allowed.text
    refused = client.put(
        "/api/v1/products/TOAST/stock-settings",
        json={"warehouse": "CW", "safety_stock": "3"},
        headers=keeper,
    )
    assert refused.status_code == 403
    assert _levels(client, "TOAST", **keeper) == {"W1": ("3", None, None)}
    viewer = headers_for("viewer")
    assert (
        client.put(
            "/api/v1/products/TOAST/stock-settings", json={"warehouse": "W1"}, headers=viewer
        ).status_code
        == 403
    )
    assert _levels(client, "TOAST")["CW"] == (None, None, None)
