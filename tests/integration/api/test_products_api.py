from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.usefixtures("bakery")

CREAM: dict[str, Any] = {
    "code": "01010001",
    "name": "淡奶油",
    "spec": "1L×12盒/箱",
    "category": "0101",
    "base_unit": "kg",
    "base_unit_decimals": 3,
    "units": [
        {"name": "盒", "factor": "1", "barcode": "6901234000115"},
        {"name": "箱", "factor": "12", "barcode": "6901234000283"},
    ],
    "tracking": "batch",
    "shelf_life_days": 30,
    "valuation_method": "fifo",
    "purchase_price": "38.50",
}
TOAST: dict[str, Any] = {
    "code": "02010001",
    "name": "吐司",
    "spec": "450g",
    "base_unit": "个",
    "units": [{"name": "箱", "factor": 24}],
    "barcodes": ["6938888000017"],
    "list_price": "12.00",
    "min_sale_price": "9.00",
}


def _create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/products", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_creates_a_product_with_units_and_barcodes_and_reads_it_by_code_and_by_id(
    client: TestClient,
) -> None:
    created = _create(client, CREAM)
    assert created["category"] == "0101"
    assert created["category_name"] == "乳制品"
    assert created["units"] == [
        {"name": "盒", "factor": "1", "barcode": "6901234000115"},
        {"name": "箱", "factor": "12", "barcode": "6901234000283"},
    ]
    assert created["barcodes"] == []
    assert created["tracking"] == "batch"
    assert created["valuation_method"] == "fifo"
    assert created["tax_rate"] == "0.13"
    assert created["purchase_price"] == "38.5"
    assert client.get("/api/v1/products/01010001").json() == created
    assert client.get(f"/api/v1/products/{created['id']}").json() == created


def test_decimals_are_accepted_as_json_numbers_and_returned_as_strings(client: TestClient) -> None:
    created = client.post(
        "/api/v1/products",
        content=b'{"code": "X1", "name": "x", "base_unit": "kg", "base_unit_decimals": 3,'
        b' "list_price": 0.1, "units": [{"name": "\xe8\xa2\x8b", "factor": 25}]}',
        headers={"Content-Type": "application/json"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["list_price"] == "0.1"  # not 0.1000000000000000055511151231257827
    assert created.json()["units"][0]["factor"] == "25"


def test_a_patch_changes_only_the_fields_given_and_replaces_the_unit_list(
    client: TestClient,
) -> None:
    _create(client, TOAST)
    patched = client.patch(
        "/api/v1/products/02010001",
        json={
            "name": "白吐司",
            "units": [{"name": "箱", "factor": "20"}, {"name": "提", "factor": 2}],
        },
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["name"] == "白吐司"
    assert body["spec"] == "450g"
    assert body["units"] == [
        {"name": "箱", "factor": "20", "barcode": None},
        {"name": "提", "factor": "2", "barcode": None},
    ]
    assert body["barcodes"] == ["6938888000017"]
    assert body["list_price"] == "12"
    cleared = client.patch("/api/v1/products/02010001", json={"min_sale_price": None})
    assert cleared.json()["min_sale_price"] is None


def test_search_finds_products_by_code_name_spec_barcode_and_pinyin_initials(
    client: TestClient,
) -> None:
    _create(client, CREAM)
    _create(client, TOAST)

    def codes(q: str) -> list[str]:
        return [p["code"] for p in client.get("/api/v1/products", params={"q": q}).json()["data"]]

    assert codes("0201") == ["02010001"]
    assert codes("奶油") == ["01010001"]
    assert codes("450g") == ["02010001"]
    assert codes("6901234000283") == ["01010001"]  # a unit's barcode
    assert codes("dny") == ["01010001"]
    assert codes("TS") == ["02010001"]
    assert codes("%") == []  # LIKE wildcards are taken literally


def test_the_list_filters_by_category_including_subcategories_and_by_active(
    client: TestClient,
) -> None:
    _create(client, CREAM)
    _create(client, TOAST)
    _create(client, {"code": "F1", "name": "高筋面粉", "base_unit": "kg", "category": "0102"})
    client.post("/api/v1/products/F1/deactivate")

    def codes(**params: Any) -> list[str]:
        return [p["code"] for p in client.get("/api/v1/products", params=params).json()["data"]]

    assert codes(category="01") == ["01010001", "F1"]
    assert codes(category="0102") == ["F1"]
    assert codes(category="NOPE") == []
    assert codes(active=True) == ["01010001", "02010001"]
    assert codes(active=False) == ["F1"]


def test_the_list_pages_with_limit_and_offset_and_counts_everything(client: TestClient) -> None:
    for i in range(5):
        _create(client, {"code": f"P{i}", "name": f"商品{i}", "base_unit": "个"})
    page = client.get("/api/v1/products", params={"limit": 2, "offset": 2}).json()
    assert page["count"] == 5
    assert [p["code"] for p in page["data"]] == ["P2", "P3"]


def test_a_scanned_barcode_finds_the_product_and_the_unit_it_stands_for(
    client: TestClient,
) -> None:
    _create(client, CREAM)
    _create(client, TOAST)
    box = client.get("/api/v1/products/by-barcode/6901234000283").json()
    assert (box["product"]["code"], box["unit"], box["factor"]) == ("01010001", "箱", "12")
    piece = client.get("/api/v1/products/by-barcode/6938888000017").json()
    assert (piece["product"]["code"], piece["unit"], piece["factor"]) == ("02010001", "个", "1")
    missing = client.get("/api/v1/products/by-barcode/0000000000000")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_a_deactivated_product_stays_readable_and_can_be_activated_again(
    client: TestClient,
) -> None:
    _create(client, TOAST)
    assert client.post("/api/v1/products/02010001/deactivate").json()["active"] is False
    assert client.get("/api/v1/products/02010001").json()["active"] is False
    assert client.post("/api/v1/products/02010001/activate").json()["active"] is True


def test_a_product_never_used_can_be_deleted_with_its_barcodes(client: TestClient) -> None:
    _create(client, TOAST)
    assert client.delete("/api/v1/products/02010001").status_code == 204
    assert client.get("/api/v1/products/02010001").status_code == 404
    again = client.post("/api/v1/products", json={**TOAST, "code": "T2"})
    assert again.status_code == 201, again.text  # its barcode is free again


@pytest.mark.parametrize("approve", [False, True], ids=["draft line", "posted stock"])
def test_a_product_in_use_is_never_deleted_and_keeps_its_base_unit(
    client: TestClient, approve: bool
) -> None:
    _create(client, TOAST)
    line = {"product": "02010001", "qty": "24", "unit_cost": "5"}
    receipt = client.post(
        "/api/v1/documents",
        json={"type": "other_receipt", "date": "2026-10-10", "warehouse": "CW", "lines": [line]},
    )
    assert receipt.status_code == 201, receipt.text
    if approve:
        approved = client.post(f"/api/v1/documents/{receipt.json()['number']}/approve")
        assert approved.status_code == 200, approved.text
    refused = client.delete("/api/v1/products/02010001")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "in_use"
    assert "停用" in refused.json()["error"]["message"]
    locked = client.patch("/api/v1/products/02010001", json={"base_unit": "片"})
    assert locked.status_code == 409
    assert locked.json()["error"]["code"] == "locked_when_in_use"
    assert client.patch("/api/v1/products/02010001", json={"name": "吐司B"}).status_code == 200
    assert client.get("/api/v1/products/02010001").json()["base_unit"] == "个"


def test_a_viewer_can_read_products_but_not_write_them(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    _create(client, TOAST)
    viewer = headers_for("viewer")
    assert client.get("/api/v1/products", headers=viewer).json()["count"] == 1
    attempts = [
        client.post(
            "/api/v1/products", json={**TOAST, "code": "T2", "barcodes": []}, headers=viewer
        ),
        client.patch("/api/v1/products/02010001", json={"name": "x"}, headers=viewer),
        client.post("/api/v1/products/02010001/deactivate", headers=viewer),
        client.delete("/api/v1/products/02010001", headers=viewer),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"
    product = client.get("/api/v1/products/02010001").json()
    assert product["name"] == "吐司"
    assert product["active"] is True
    assert client.get("/api/v1/products").json()["count"] == 1


def test_purchase_prices_are_hidden_from_users_without_price_read(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    _create(client, CREAM)
    sales, purchasing = headers_for("sales"), headers_for("purchasing")
    seen_by_sales = client.get("/api/v1/products/01010001", headers=sales).json()
    assert seen_by_sales["purchase_price"] is None
    assert seen_by_sales["name"] == "淡奶油"
    listed = client.get("/api/v1/products", headers=sales).json()["data"][0]
    assert listed["purchase_price"] is None
    scanned = client.get("/api/v1/products/by-barcode/6901234000115", headers=sales).json()
    assert scanned["product"]["purchase_price"] is None
    seen_by_buyer = client.get("/api/v1/products/01010001", headers=purchasing).json()
    assert seen_by_buyer["purchase_price"] == "38.5"


def test_every_change_to_a_product_is_audited(client: TestClient) -> None:
    _create(client, TOAST)
    client.patch("/api/v1/products/02010001", json={"list_price": "13.50"})
    entries = client.get("/api/v1/audit", params={"entity": "product"}).json()["data"]
    assert [e["action"] for e in entries] == ["product.update", "product.create"]
    assert entries[0]["before"] == {"list_price": "12.000000"}
    assert entries[0]["after"] == {"list_price": "13.500000"}
