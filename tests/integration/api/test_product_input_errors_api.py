"""Every bad input gets a clear error and changes nothing (issue 2, "Bad input")."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.usefixtures("bakery")

TOAST: dict[str, Any] = {
    "code": "02010001",
    "name": "吐司",
    "base_unit": "个",
    "units": [{"name": "箱", "factor": "24", "barcode": "6938888000024"}],
    "barcodes": ["6938888000017"],
    "list_price": "12.00",
}


@pytest.fixture
def before(client: TestClient) -> dict[str, Any]:
    """One product stored; the listing before the bad request."""
    assert client.post("/api/v1/products", json=TOAST).status_code == 201
    listing: dict[str, Any] = client.get("/api/v1/products").json()
    return listing


def _new(**changes: Any) -> dict[str, Any]:
    return {"code": "NEW1", "name": "新品", "base_unit": "个", **changes}


BAD_CREATES = [
    pytest.param({**TOAST, "barcodes": []}, 409, "duplicate", "code", id="duplicate code"),
    pytest.param(
        _new(barcodes=["6938888000017"]),
        409,
        "duplicate_barcode",
        "6938888000017",
        id="barcode of another product",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": 10, "barcode": "6938888000017"}]),
        409,
        "duplicate_barcode",
        "吐司",
        id="barcode of another product's base unit on a unit",
    ),
    pytest.param(
        _new(barcodes=["6938888000024"]),
        409,
        "duplicate_barcode",
        "箱",
        id="barcode of another product's unit",
    ),
    pytest.param(
        _new(barcodes=["111"], units=[{"name": "箱", "factor": 6, "barcode": "111"}]),
        409,
        "barcode_repeated",
        "111",
        id="one barcode twice in the product",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": "0"}]),
        422,
        "unit_factor_not_positive",
        "箱",
        id="factor zero",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": -24}]),
        422,
        "unit_factor_not_positive",
        "箱",
        id="factor negative",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": "abc"}]),
        422,
        "unit_factor_not_a_number",
        "abc",
        id="factor not a number",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": "2.5"}]),
        422,
        "unit_factor_not_whole",
        "2.5",
        id="factor not whole for 个",
    ),
    pytest.param(
        _new(units=[{"name": "箱", "factor": 24}, {"name": "箱", "factor": 12}]),
        422,
        "duplicate_unit",
        "箱",
        id="unit name twice",
    ),
    pytest.param(
        _new(units=[{"name": "个", "factor": 1}]),
        422,
        "duplicate_unit",
        "个",
        id="unit named like the base unit",
    ),
    pytest.param(_new(category="9999"), 422, "unknown_reference", "9999", id="unknown category"),
    pytest.param(
        _new(list_price="12.3456789"),
        422,
        "too_many_decimals",
        "12.3456789",
        id="price with 7 decimals",
    ),
    pytest.param(_new(purchase_price="-1"), 422, "negative", "参考进价", id="negative price"),
    pytest.param(_new(tax_rate="130"), 422, "out_of_range", "税率", id="tax rate of 130%"),
    pytest.param(
        _new(list_price="10", min_sale_price="12"),
        422,
        "min_sale_price_above_list_price",
        "最低售价",
        id="minimum above list price",
    ),
    pytest.param(
        _new(base_unit_decimals=9), 422, "out_of_range", "小数位数", id="too many base decimals"
    ),
    pytest.param(_new(code="bad code"), 422, "invalid_code", "bad code", id="code with a space"),
    pytest.param(_new(name="  "), 422, "required", "名称", id="blank name"),
    pytest.param(
        _new(tracking="serial"), 422, "validation_error", "tracking", id="unknown tracking"
    ),
    pytest.param(_new(shelf_life_days=-3), 422, "out_of_range", "保质期", id="negative shelf life"),
]


@pytest.mark.parametrize(("body", "status", "code", "mentioned"), BAD_CREATES)
def test_a_bad_product_is_refused_with_a_clear_error_and_changes_nothing(
    client: TestClient,
    before: dict[str, Any],
    body: dict[str, Any],
    status: int,
    code: str,
    mentioned: str,
) -> None:
    response = client.post("/api/v1/products", json=body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert mentioned in error["message"] + str(error["details"])
    assert client.get("/api/v1/products").json() == before


def test_a_duplicate_barcode_error_names_the_barcode_and_who_has_it(
    client: TestClient, before: dict[str, Any]
) -> None:
    response = client.post("/api/v1/products", json=_new(barcodes=["6938888000024"]))
    assert response.json()["error"]["message"] == (
        "条码“6938888000024”已被商品“02010001 吐司”（单位“箱”）使用"
    )
    english = client.post(
        "/api/v1/products", json=_new(barcodes=["6938888000024"]), headers={"Accept-Language": "en"}
    )
    assert "02010001" in english.json()["error"]["message"]


def test_a_unit_factor_error_names_the_unit_in_the_message(
    client: TestClient, before: dict[str, Any]
) -> None:
    response = client.post("/api/v1/products", json=_new(units=[{"name": "箱", "factor": "abc"}]))
    error = response.json()["error"]
    assert error["message"] == "单位“箱”的换算系数“abc”不是有效的数字"
    assert error["details"] == [{"field": "units.0.factor", "code": "unit_factor_not_a_number"}]


@pytest.mark.parametrize(
    "raw",
    [
        b'"list_price": 12.3456789',
        b'"list_price": 1e-7',
        b'"list_price": 1e400',
        b'"list_price": NaN',
        b'"units": [{"name": "\xe7\xae\xb1", "factor": 0.0000001}]',
    ],
    ids=["too many decimals", "exponent", "huge", "NaN", "tiny factor"],
)
def test_float_looking_numbers_that_cannot_be_stored_exactly_are_refused(
    client: TestClient, before: dict[str, Any], raw: bytes
) -> None:
    body = (
        b'{"code": "NEW1", "name": "x", "base_unit": "kg", "base_unit_decimals": 3, ' + raw + b"}"
    )
    response = client.post(
        "/api/v1/products", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert client.get("/api/v1/products").json() == before


BAD_PATCHES = [
    pytest.param(
        {"units": [{"name": "箱", "factor": 0}]}, "unit_factor_not_positive", id="factor zero"
    ),
    pytest.param(
        {"units": [{"name": "箱", "factor": 24}, {"name": "箱", "factor": 6}]},
        "duplicate_unit",
        id="unit twice",
    ),
    pytest.param({"list_price": "9.9999999"}, "too_many_decimals", id="price too precise"),
    pytest.param({"category": "NOPE"}, "unknown_reference", id="unknown category"),
    pytest.param({"name": None}, "validation_error", id="null name"),
    pytest.param({"code": "OTHER"}, "validation_error", id="code is not editable"),
]


@pytest.mark.parametrize(("changes", "code"), BAD_PATCHES)
def test_a_bad_patch_is_refused_and_leaves_the_product_as_it_was(
    client: TestClient, before: dict[str, Any], changes: dict[str, Any], code: str
) -> None:
    response = client.patch("/api/v1/products/02010001", json={"name": "改名", **changes})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == code
    assert client.get("/api/v1/products").json() == before


def test_moving_a_barcode_to_another_product_is_refused_until_it_is_released(
    client: TestClient, before: dict[str, Any]
) -> None:
    assert client.post("/api/v1/products", json=_new()).status_code == 201
    taken = client.patch("/api/v1/products/NEW1", json={"barcodes": ["6938888000017"]})
    assert taken.status_code == 409
    assert client.patch("/api/v1/products/02010001", json={"barcodes": []}).status_code == 200
    moved = client.patch("/api/v1/products/NEW1", json={"barcodes": ["6938888000017"]})
    assert moved.status_code == 200, moved.text
    assert (
        client.get("/api/v1/products/by-barcode/6938888000017").json()["product"]["code"] == "NEW1"
    )


def test_unknown_products_are_404(client: TestClient, before: dict[str, Any]) -> None:
    for ref in ("NOPE", "999999", "99999999999999999999", "²"):
        response = client.get(f"/api/v1/products/{ref}")
        assert response.status_code == 404, ref
        assert client.patch(f"/api/v1/products/{ref}", json={"name": "x"}).status_code == 404
