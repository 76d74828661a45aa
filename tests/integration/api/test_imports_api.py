"""/api/v1/imports: template → fill → dry run → confirm, the history, permissions, limits."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import xlsxwriter
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

CSV = "text/csv"


def _upload(client: TestClient, kind: str, name: str, content: bytes, **params: object):
    return client.post(
        f"/api/v1/imports/{kind}",
        params={k: str(v).lower() for k, v in params.items()},
        files={"file": (name, content, CSV)},
    )


def _filled_template(template: bytes, data: list[list[str]]) -> bytes:
    """The template as a user fills it: its two header rows kept, data rows from row 3."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template)).get_sheet_by_index(0)
    header, keys = sheet.to_python()[:2]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    out = book.add_worksheet()
    out.write_row(0, 0, header)
    out.write_row(1, 0, keys)
    out.set_row(1, None, None, {"hidden": True})
    for r, row in enumerate(data, start=2):
        for c, key in enumerate(keys):
            value = dict(row_pairs(row)).get(str(key))
            if value is not None:
                out.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def row_pairs(row: list[str]) -> list[tuple[str, str]]:
    return list(zip(row[::2], row[1::2], strict=True))


@pytest.mark.usefixtures("bakery")
def test_a_filled_template_is_checked_then_confirmed_then_listed(client: TestClient) -> None:
    template = client.get("/api/v1/imports/templates/products")
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("application/vnd.openxmlformats")
    filled = _filled_template(
        template.content,
        [
            ["code", "M001", "name", "淡奶油", "base_unit", "瓶", "category", "0101",
             "unit_1", "箱", "unit_1_factor", "12", "tax_rate", "13", "tracking", "批次管理",
             "valuation_method", "先进先出", "level_price_1", "45.5"],
            ["code", "M002", "name", "黄油", "base_unit", "kg", "base_unit_decimals", "3",
             "category", "0101", "list_price", "60"],
        ],
    )  # fmt: skip
    dry = _upload(client, "products", "products.xlsx", filled)
    assert dry.status_code == 201, dry.text
    body = dry.json()
    assert body["status"] == "dry_run"
    assert body["counts"]["create"] == 2
    assert client.get("/api/v1/products/M001").status_code == 404
    confirmed = client.post(f"/api/v1/imports/{body['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    product = client.get("/api/v1/products/M001").json()
    assert product["tracking"] == "batch"
    assert product["valuation_method"] == "fifo"
    assert product["tax_rate"] == "0.13"
    history = client.get("/api/v1/imports").json()
    assert history["count"] == 1
    assert history["data"][0]["create_count"] == 2
    one = client.get(f"/api/v1/imports/{body['id']}").json()
    assert one["status"] == "confirmed"
    assert [r["key"] for r in one["rows"]] == ["M001", "M002"]


@pytest.mark.usefixtures("bakery")
def test_errors_are_named_by_row_and_column_in_the_callers_language(client: TestClient) -> None:
    content = "商品编码,商品名称,基本单位,商品分类编码\nM1,奶,瓶,9999\nM2,,瓶,\n".encode()
    reply = _upload(client, "products", "p.csv", content, dry_run=False)
    assert reply.status_code == 201
    body = reply.json()
    assert body["status"] == "dry_run"
    assert body["counts"]["error"] == 2
    messages = [e["message"] for r in body["rows"] for e in r["errors"]]
    assert messages[0].startswith("第 2 行 商品分类编码：")
    assert "9999" in messages[0]
    assert messages[1].startswith("第 3 行 商品名称：")
    english = client.post(
        "/api/v1/imports/products",
        files={"file": ("p.csv", content, CSV)},
        headers={"Accept-Language": "en"},
    ).json()
    assert english["rows"][0]["errors"][0]["message"].startswith("Row 2, Category code:")
    assert client.get("/api/v1/products/M1").status_code == 404


@pytest.mark.usefixtures("bakery")
def test_warnings_need_confirming_for_the_file_or_by_row(client: TestClient) -> None:
    content = "商品编码,商品名称,基本单位,标准售价,参考进价\nM1,奶,瓶,10,800\n".encode()
    reply = _upload(client, "products", "p.csv", content, dry_run=False).json()
    assert reply["status"] == "dry_run"
    assert reply["counts"]["warning"] == 1
    refused = client.post(f"/api/v1/imports/{reply['id']}/confirm")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "import_unconfirmed_warnings"
    ok = client.post(f"/api/v1/imports/{reply['id']}/confirm", json={"rows": [2]})
    assert ok.status_code == 200, ok.text
    again = _upload(client, "products", "p2.csv", content.replace(b"M1", b"M2"),
                    dry_run=False, confirm_warnings=True)  # fmt: skip
    assert again.json()["status"] == "confirmed"


@pytest.mark.usefixtures("bakery")
def test_categories_and_warehouses_import_too(client: TestClient) -> None:
    categories = "分类编码,分类名称,上级分类编码\n02,成品,\n0201,面包,02\n0101,奶制品,01\n"
    reply = _upload(client, "categories", "c.csv", categories.encode(), dry_run=False).json()
    assert reply["status"] == "confirmed", reply
    assert reply["counts"] == {"create": 2, "update": 1, "unchanged": 0, "error": 0, "warning": 0}
    changed = next(r for r in reply["rows"] if r["key"] == "0101")
    assert changed["changes"] == {"name": {"before": "乳制品", "after": "奶制品"}}
    assert client.get("/api/v1/categories/0201").json()["parent"] == "02"
    warehouses = "仓库编码,仓库名称,所属组织编码,允许负库存\nW2,门店仓,S01,是\n"
    done = _upload(client, "warehouses", "w.csv", warehouses.encode(), dry_run=False).json()
    assert done["status"] == "confirmed"
    assert client.get("/api/v1/warehouses/W2").json()["allow_negative_stock"] is True


@pytest.mark.usefixtures("bakery")
def test_a_category_cycle_in_the_file_is_an_error(client: TestClient) -> None:
    content = "分类编码,分类名称,上级分类编码\nA,甲,B\nB,乙,A\n".encode()
    body = _upload(client, "categories", "c.csv", content).json()
    assert body["counts"]["error"] == 2
    assert {r["errors"][0]["code"] for r in body["rows"]} == {"cyclic_parent"}


@pytest.mark.usefixtures("bakery")
def test_a_role_without_the_kinds_permission_gets_403(
    client: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    headers = headers_for("sales")
    content = "商品编码,商品名称,基本单位\nM1,奶,瓶\n".encode()
    reply = client.post(
        "/api/v1/imports/products", files={"file": ("p.csv", content, CSV)}, headers=headers
    )
    assert reply.status_code == 403
    template = client.get("/api/v1/imports/templates/products", headers=headers)
    assert template.status_code == 200  # a template holds no data
    mine = _upload(client, "products", "p.csv", content).json()
    assert client.get(f"/api/v1/imports/{mine['id']}", headers=headers).status_code == 404
    assert client.get("/api/v1/imports", headers=headers).json()["count"] == 0


def test_an_import_may_be_larger_than_other_bodies(client: TestClient) -> None:
    content = "分类编码,分类名称\nA,甲\n".encode() + (b"," * 20 + b"\n") * 70_000  # 1.5 MB
    reply = _upload(client, "categories", "c.csv", content)
    assert reply.status_code == 201, reply.text
    assert reply.json()["counts"]["create"] == 1


def test_an_unknown_kind_and_a_bad_file_are_refused(client: TestClient) -> None:
    unknown = _upload(client, "spaceships", "x.csv", b"a\n1\n")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_import_kind"
    bad = _upload(client, "categories", "x.pdf", b"%PDF")
    assert bad.json()["error"]["code"] == "unsupported_file_type"
    empty = _upload(client, "categories", "x.csv", b"\n\n")
    assert empty.json()["error"]["code"] == "empty_file"
    assert client.get("/api/v1/imports").json()["count"] == 0
