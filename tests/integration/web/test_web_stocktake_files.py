"""盘点: the count sheet downloaded, filled in and imported back on the stocktake's page."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import stocktakes
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def _stocktake(browser: Browser) -> str:
    receipt = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", "CW")]
    receipt += [("then", "approve"), ("line_product", "W1"), ("line_unit", "瓶")]
    receipt += [("line_qty", "30"), ("line_cost", "2"), ("line_batch", ""), ("line_expiry", "")]
    browser.post("/documents/new", receipt)
    created = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    return str(created.url).rsplit("/", 1)[1]


def _counted(system: System, number: str) -> list[object]:
    with system.read_sessions() as session:
        doc = stocktakes.get_stocktake(session, Actor.system(), number)
    return [ln["counted_qty"] for ln in doc["lines"]]


def test_the_count_sheet_filled_in_is_imported(browser: Browser, system: System) -> None:
    number = _stocktake(browser)
    page = browser.get(f"/stocktakes/{number}").text
    assert 'id="import-form"' in page
    assert f'href="/stocktakes/{number}/sheet?format=xlsx"' in page
    sheet = browser.get(f"/stocktakes/{number}/sheet?format=csv")
    assert sheet.status_code == 200
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert rows[0] == ["商品编码", "商品名称", "批次", "单位", "实盘数量"]
    assert rows[1][:4] == ["W1", "矿泉水", "", "瓶"]
    assert rows[1][4] == ""
    assert browser.get(f"/stocktakes/{number}/sheet?format=xlsx").content[:2] == b"PK"
    rows[1][4] = "28"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    content = out.getvalue().encode("utf-8-sig")
    done = browser.post(f"/stocktakes/{number}/import", {}, files={"file": ("counts.csv", content)})
    assert done.status_code == 200
    assert "counts.csv" in done.text
    assert _counted(system, number) == [28]


def test_a_bad_row_is_named_and_nothing_is_imported(browser: Browser, system: System) -> None:
    number = _stocktake(browser)
    content = "商品编码,批次,单位,实盘数量\nW1,,瓶,28\nNOPE,,瓶,3\nW1,,桶,1\n".encode()
    refused = browser.post(
        f"/stocktakes/{number}/import", {}, files={"file": ("counts.csv", content)}
    )
    assert refused.status_code == 422
    rows = re.findall(r"<li>(.*?)</li>", refused.text.split('id="row-errors"')[1].split("</ul>")[0])
    assert len(rows) == 2
    assert "第 3 行" in rows[0]
    assert "NOPE" in rows[0]
    assert "桶" in rows[1]
    assert _counted(system, number) == [None]
    wrong = browser.post(f"/stocktakes/{number}/import", {}, files={"file": ("counts.txt", b"x")})
    assert wrong.status_code == 422
    assert 'id="form-error"' in wrong.text


def test_a_zip_bomb_and_too_many_uploads_are_refused_in_chinese(
    browser: Browser, system: System
) -> None:
    number = _stocktake(browser)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        for _ in range(40_000):  # 40 MB of the same rows
            sheet.write(b"<row><c><v>1</v></c></row>" * 40)
    bomb = browser.post(
        f"/stocktakes/{number}/import", {}, files={"file": ("counts.xlsx", buffer.getvalue())}
    )
    assert bomb.status_code == 422
    assert "文件解压后超过" in bomb.text
    slots = browser.client.app.state.uploads  # type: ignore[attr-defined]
    content = "商品编码,批次,单位,实盘数量\nW1,,瓶,28\n".encode()
    with slots.hold(1), slots.hold(1):  # the administrator's two uploads still being read
        busy = browser.post(
            f"/stocktakes/{number}/import", {}, files={"file": ("counts.csv", content)}
        )
    assert busy.status_code == 429
    assert "同时上传的文件过多" in busy.text
    assert _counted(system, number) == [None]
