from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System

pytestmark = pytest.mark.usefixtures("bakery")


def _code(client: TestClient, **body: Any) -> str:
    response = client.post("/api/v1/products", json={"name": "新品", "base_unit": "个", **body})
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def test_a_product_without_a_code_is_numbered_within_its_category(client: TestClient) -> None:
    assert _code(client, category="0101") == "01010001"
    assert _code(client, category="0101") == "01010002"
    assert _code(client, category="0102") == "01020001"
    assert _code(client, category="0101", code="") == "01010003"


def test_generated_codes_skip_codes_typed_by_hand(client: TestClient) -> None:
    assert _code(client, category="0101", code="01010001") == "01010001"
    assert _code(client, category="0101") == "01010002"


def test_the_code_rule_can_be_switched_to_one_plain_sequence(client: TestClient) -> None:
    assert client.get("/api/v1/settings/product-code-rule").json()["rule"] == "{category}{seq:04d}"
    changed = client.put("/api/v1/settings/product-code-rule", json={"rule": "P{seq:05d}"})
    assert changed.status_code == 200
    assert changed.json()["rule"] == "P{seq:05d}"
    assert _code(client, category="0101") == "P00001"
    assert _code(client) == "P00002"
    audit = client.get("/api/v1/audit", params={"entity": "setting"}).json()["data"]
    assert audit[0]["after"] == {"value": "P{seq:05d}"}


def test_the_category_path_rule_joins_the_codes_from_the_root(client: TestClient) -> None:
    client.put("/api/v1/settings/product-code-rule", json={"rule": "{category_path}-{seq:03d}"})
    assert _code(client, category="0102") == "010102-001"


def test_an_invalid_code_rule_is_refused_and_the_old_one_stays(client: TestClient) -> None:
    response = client.put("/api/v1/settings/product-code-rule", json={"rule": "{name}{seq}"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_code_rule"
    assert client.get("/api/v1/settings/product-code-rule").json()["rule"] == "{category}{seq:04d}"


def test_only_an_administrator_changes_the_code_rule(client: TestClient, headers_for: Any) -> None:
    response = client.put(
        "/api/v1/settings/product-code-rule",
        json={"rule": "X{seq}"},
        headers=headers_for("purchasing"),
    )
    assert response.status_code == 403


def test_a_refused_product_does_not_use_up_a_number(client: TestClient) -> None:
    refused = client.post(
        "/api/v1/products",
        json={"name": "新品", "base_unit": "个", "category": "0101", "tax_rate": "100"},
    )
    assert refused.status_code == 422
    assert _code(client, category="0101") == "01010001"


def test_factors_survive_the_database_exactly_and_convert_quantities(
    client: TestClient, system: System
) -> None:
    client.post(
        "/api/v1/products",
        json={
            "code": "BUTTER",
            "name": "黄油",
            "base_unit": "kg",
            "base_unit_decimals": 3,
            "units": [{"name": "块", "factor": "0.454"}, {"name": "箱", "factor": "25"}],
        },
    )
    with system.uow() as uow:
        butter = uow.products.get_by(code="BUTTER")
        assert butter is not None
        assert butter.to_base("3", "块") == Decimal("1.362")
        assert butter.to_base("0.5", "箱") == Decimal("12.5")
        assert butter.factor_of("块") == Decimal("0.454")
