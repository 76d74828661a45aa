"""/api/v1/imports for partners, opening stock and opening balances: template, dry run,
confirm, and the same file again; a kg/g cost and an empty unit named by row and column."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

CSV = "text/csv"


def _upload(client: TestClient, kind: str, content: bytes, **params: object):
    return client.post(
        f"/api/v1/imports/{kind}",
        params={k: str(v).lower() for k, v in params.items()},
        files={"file": (f"{kind}.csv", content, CSV)},
    )


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("kind", ["partners", "opening_stock", "opening_balances"])
def test_each_kind_has_a_template(client: TestClient, kind: str) -> None:
    reply = client.get(f"/api/v1/imports/templates/{kind}")
    assert reply.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(reply.content)).get_sheet_by_index(0)
    header, keys = sheet.to_python()[:2]
    assert header
    assert keys[0] in ("code", "warehouse", "partner")


@pytest.mark.usefixtures("bakery")
def test_partners_stock_and_balances_end_to_end(client: TestClient) -> None:
    partners = _csv("单位编码,单位名称,类型,联系人,电话,信用额度", "C001,鲜果贸易,客户,王五,138,5000",
                    "S001,牧场乳业,供应商,,,")  # fmt: skip
    done = _upload(client, "partners", partners, dry_run=False)
    assert done.status_code == 201, done.text
    assert done.json()["status"] == "confirmed"
    assert client.get("/api/v1/partners/C001").json()["credit_limit"] == "5000.00"

    products = _csv("商品编码,商品名称,基本单位,基本单位小数位,辅助单位1,换算系数1,参考进价",
                    "FLOUR,面粉,kg,3,袋,25,4")  # fmt: skip
    assert _upload(client, "products", products, dry_run=False).json()["status"] == "confirmed"

    bad = _csv("仓库编码,商品编码,单位,数量,单位成本", "CW,FLOUR,,10,4", "CW,FLOUR,g,10,4000")
    reply = _upload(client, "opening_stock", bad).json()
    assert reply["counts"]["error"] == 2
    messages = [e["message"] for r in reply["rows"] for e in r["errors"]]
    assert messages[0].startswith("第 2 行 单位：")
    assert messages[1].startswith("第 3 行")

    stock = _csv("仓库编码,商品编码,单位,数量,单位成本", "CW,FLOUR,kg,10,4000")
    dry = _upload(client, "opening_stock", stock).json()
    assert dry["counts"]["warning"] == 1
    refused = client.post(f"/api/v1/imports/{dry['id']}/confirm")
    assert refused.json()["error"]["code"] == "import_unconfirmed_warnings"
    fixed = _csv("仓库编码,商品编码,单位,数量,单位成本", "CW,FLOUR,袋,4,100")
    posted = _upload(client, "opening_stock", fixed, dry_run=False).json()
    assert posted["status"] == "confirmed"
    again = _upload(client, "opening_stock", fixed, dry_run=False).json()
    assert again["counts"]["unchanged"] == 1
    assert again["counts"]["create"] == 0
    documents = client.get("/api/v1/documents", params={"type": "opening_stock"}).json()
    assert documents["count"] == 1

    balances = _csv("往来单位编码,账户,金额,到期日", "C001,应收,1200,2027-01-31", "S001,应付,800,")
    posted = _upload(client, "opening_balances", balances, dry_run=False).json()
    assert posted["status"] == "confirmed", posted
    assert posted["counts"]["create"] == 2
    again = _upload(client, "opening_balances", balances, dry_run=False).json()
    assert again["counts"]["unchanged"] == 2
