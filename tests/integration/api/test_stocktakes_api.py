"""Stocktakes over the API: blind counts, scanning, and counts uploaded as CSV or XLSX."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def counted(client: TestClient) -> TestClient:
    """Warehouse W1 holding 10 P1 at 2 each."""
    for path, body in (
        ("/api/v1/organisations", {"code": "HQ", "name": "总部", "kind": "headquarters"}),
        ("/api/v1/warehouses", {"code": "W1", "name": "W1", "organisation": "HQ"}),
        (
            "/api/v1/products",
            {
                "code": "P1",
                "name": "吐司",
                "base_unit": "个",
                "units": [{"name": "箱", "factor": "6", "barcode": "690001"}],
            },
        ),
    ):
        assert client.post(path, json=body).status_code == 201
    doc = client.post(
        "/api/v1/documents",
        json={
            "type": "opening_stock",
            "date": "2026-10-01",
            "warehouse": "W1",
            "lines": [{"product": "P1", "qty": "10", "unit_cost": "2"}],
        },
    ).json()
    assert client.post(f"/api/v1/documents/{doc['number']}/approve").status_code == 200
    return client


def _create(client: TestClient, **options: object) -> str:
    response = client.post(
        "/api/v1/stocktakes", json={"warehouse": "W1", "date": "2026-10-10", **options}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def test_a_blind_count_hides_the_books_from_a_warehouse_keeper(
    counted: TestClient, headers_for: Callable[..., dict[str, str]]
) -> None:
    number = _create(counted, blind=True)
    keeper = headers_for("warehouse")
    seen = counted.get(f"/api/v1/stocktakes/{number}/variance", headers=keeper).json()
    assert seen["lines"][0]["book_qty"] is None
    assert seen["totals"] is None
    assert counted.get(f"/api/v1/stocktakes/{number}").json()["lines"][0]["book_qty"] == "10"


def test_scanning_twice_adds_and_approval_posts_the_variance(counted: TestClient) -> None:
    number = _create(counted)
    for _ in range(2):
        response = counted.post(f"/api/v1/stocktakes/{number}/scan", json={"barcode": "690001"})
        assert response.status_code == 200, response.text
    line = response.json()["lines"][0]
    assert (line["counted_qty"], line["variance_qty"], line["variance_value"]) == (
        "12",
        "2",
        "4.00",
    )
    assert counted.post(f"/api/v1/documents/{number}/approve").status_code == 200
    balance = counted.get("/api/v1/stock/balances", params={"product": "P1"}).json()["data"][0]
    assert (balance["on_hand"], balance["value"]) == ("12", "24.00")


def test_a_batch_tracked_product_is_scanned_into_the_batch_named(counted: TestClient) -> None:
    product = {"code": "C1", "name": "淡奶油", "base_unit": "kg", "tracking": "batch"}
    product["units"] = [{"name": "箱", "factor": "4", "barcode": "690002"}]  # type: ignore[assignment]
    assert counted.post("/api/v1/products", json=product).status_code == 201
    number = _create(counted)
    url = f"/api/v1/stocktakes/{number}/scan"
    refused = counted.post(url, json={"barcode": "690002"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "batch_required"
    scanned = counted.post(url, json={"barcode": "690002", "batch": "L1"})
    assert scanned.status_code == 200, scanned.text
    line = next(ln for ln in scanned.json()["lines"] if ln["product"] == "C1")
    assert (line["batch"], line["counted_qty"]) == ("L1", "4")
    wrong = counted.post(url, json={"barcode": "690001", "batch": "L1"})
    assert wrong.json()["error"]["code"] == "product_not_batch_tracked"


def test_counts_entered_line_by_line_keep_their_reason(counted: TestClient) -> None:
    number = _create(counted)
    response = counted.put(
        f"/api/v1/stocktakes/{number}/counts",
        json=[{"product": "P1", "counted_qty": "9", "reason": "damage"}],
    )
    assert response.status_code == 200, response.text
    totals = response.json()["totals"]
    assert (totals["loss_qty"], totals["loss_value"]) == ("1", "2.00")


def test_a_csv_upload_with_bad_rows_names_each_row_and_changes_nothing(
    counted: TestClient,
) -> None:
    number = _create(counted)
    body = "商品编码,实盘数量,单位\nP1,8,个\nNOPE,1,个\nP1,1,桶\n".encode()
    response = counted.post(
        f"/api/v1/stocktakes/{number}/counts/import",
        files={"file": ("counts.csv", body, "text/csv")},
    )
    assert response.status_code == 422, response.text
    details = response.json()["error"]["details"]
    assert [d["row"] for d in details] == [3, 4]
    assert details[0]["message"].startswith("第 3 行") or details[0]["message"].startswith("Row 3")
    line = counted.get(f"/api/v1/stocktakes/{number}").json()["lines"][0]
    assert line["counted_qty"] is None


def test_an_xlsx_upload_sets_the_counts(counted: TestClient) -> None:
    number = _create(counted)
    content = _xlsx([["product", "batch", "counted_qty", "unit"], ["P1", "", 1, "箱"]])
    response = counted.post(
        f"/api/v1/stocktakes/{number}/counts/import",
        files={"file": ("counts.xlsx", content, "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    line = response.json()["lines"][0]
    assert (line["counted_qty"], line["qty"], line["unit"], line["variance_qty"]) == (
        "6",
        "1",
        "箱",
        "-4",
    )


def test_an_xlsx_zip_bomb_is_refused_with_a_clear_error_and_changes_nothing(
    counted: TestClient,
) -> None:
    number = _create(counted)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        for _ in range(40_000):  # 40 MB of the same rows
            sheet.write(b"<row><c><v>1</v></c></row>" * 40)
    response = counted.post(
        f"/api/v1/stocktakes/{number}/counts/import",
        files={"file": ("counts.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "file_too_large"
    assert "unpacks to more than" in error["message"]
    line = counted.get(f"/api/v1/stocktakes/{number}").json()["lines"][0]
    assert line["counted_qty"] is None


def test_an_upload_past_the_users_bound_is_answered_429(counted: TestClient) -> None:
    number = _create(counted)
    slots = counted.app.state.uploads  # type: ignore[attr-defined]
    body = "商品编码,实盘数量,单位\nP1,8,个\n".encode()
    with slots.hold(1), slots.hold(1):  # the administrator's two uploads still being read
        response = counted.post(
            f"/api/v1/stocktakes/{number}/counts/import",
            files={"file": ("counts.csv", body, "text/csv")},
        )
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "too_many_uploads"
    again = counted.post(
        f"/api/v1/stocktakes/{number}/counts/import",
        files={"file": ("counts.csv", body, "text/csv")},
    )
    assert again.status_code == 200, again.text


def _xlsx(rows: list[list[object]]) -> bytes:
    """The smallest workbook a spreadsheet reader accepts: one sheet, inline strings."""

    def cell(value: object) -> str:
        if isinstance(value, int):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    sheet_rows = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships">'
        '<sheets><sheet name="盘点" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_count_taken_on_paper_carries_its_time_and_is_compared_with_the_books_then(
    counted: TestClient,
) -> None:
    number = _create(counted)
    before_sale = "2026-10-10T08:00:00+00:00"  # written on the sheet, before the sale below
    sale = counted.post(
        "/api/v1/documents",
        json={
            "type": "other_issue",
            "date": "2026-10-10",
            "warehouse": "W1",
            "reason": "sample",
            "lines": [{"product": "P1", "qty": "2"}],
        },
    ).json()
    assert counted.post(f"/api/v1/documents/{sale['number']}/approve").status_code == 200
    body = [{"product": "P1", "counted_qty": "9", "counted_at": before_sale}]
    line = counted.put(f"/api/v1/stocktakes/{number}/counts", json=body).json()["lines"][0]
    assert line["counted_at"].startswith("2026-10-10T08:00:00")
    assert (line["expected_qty"], line["variance_qty"]) == ("10", "-1")


def test_a_count_time_in_the_future_is_refused_naming_its_row(counted: TestClient) -> None:
    number = _create(counted)
    body = [{"product": "P1", "counted_qty": "9", "counted_at": "2999-01-01T08:00:00+00:00"}]
    response = counted.put(f"/api/v1/stocktakes/{number}/counts", json=body)
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert (detail["code"], detail["row"]) == ("counted_in_future", 1)
    line = counted.get(f"/api/v1/stocktakes/{number}").json()["lines"][0]
    assert line["counted_qty"] is None
