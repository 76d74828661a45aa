"""导入 in a browser: the products template downloaded, filled in with a kg/g price mistake
and an empty unit, uploaded, the errors and warnings seen, the file fixed and imported."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from openjxc.bootstrap import System
from tests.e2e.web.conftest import log_in


def _filled(template: bytes, rows: list[dict[str, str]]) -> bytes:
    """The template's header and hidden key rows, then ``rows`` by key."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template)).get_sheet_by_index(0)
    header, keys = sheet.to_python()[:2]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, [str(h) for h in header])
    ws.write_row(1, 0, [str(k) for k in keys])
    ws.set_row(1, None, None, {"hidden": True})
    for n, row in enumerate(rows, start=2):
        ws.write_row(n, 0, [row.get(str(k), "") for k in keys])
    book.close()
    return out.getvalue()


def _upload(page: Page, path: Path) -> None:
    page.set_input_files("#import-file", str(path))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/imports/\d+$"))


def test_a_template_filled_in_wrong_is_refused_then_fixed_and_imported(
    open_page: Callable[..., Page],
    make_user: Callable[..., None],
    system: System,
    tmp_path: Path,
) -> None:
    make_user("owner", "admin")
    page = open_page()
    log_in(page, "owner")
    page.goto("/products")
    page.click("#import-products")
    with page.expect_download() as download:
        page.click("#import-template")
    template = Path(download.value.path()).read_bytes()

    apple = {"code": "F1", "name": "苹果", "base_unit": "千克", "purchase_price": "8"}
    banana = {"code": "F2", "name": "香蕉", "base_unit": "千克", "list_price": "6"}
    wrong = tmp_path / "商品.xlsx"
    # 12 元/千克 typed as 12000 (per gram's thousand); 香蕉 without its base unit
    wrong.write_bytes(
        _filled(template, [{**apple, "list_price": "12000"}, {**banana, "base_unit": ""}])
    )
    _upload(page, wrong)
    expect(page.locator("#count-error")).to_have_text("1")
    expect(page.locator("#count-warning")).to_have_text("1")
    expect(page.locator("#row-4 .error-column")).to_contain_text("基本单位")
    expect(page.locator("#row-4 .row-error")).to_contain_text("第 4 行 基本单位")
    expect(page.locator("#row-3 .row-warning")).to_be_visible()
    expect(page.locator("#confirm-import")).to_be_disabled()
    expect(page.locator("#confirm-blocked")).to_be_visible()

    fixed = tmp_path / "商品-改.xlsx"
    fixed.write_bytes(_filled(template, [{**apple, "list_price": "12"}, banana]))
    page.click("#upload-again")
    _upload(page, fixed)
    expect(page.locator("#count-error")).to_have_text("0")
    expect(page.locator("#count-warning")).to_have_text("0")
    expect(page.locator("#count-create")).to_have_text("2")
    page.click("#confirm-import")
    expect(page.locator("#import-done")).to_be_visible()
    page.click("#import-done-list")
    expect(page.locator("#product-table")).to_contain_text("苹果")
    expect(page.locator("#product-table")).to_contain_text("香蕉")
    page.goto("/imports")
    expect(page.locator("#import-table")).to_contain_text("商品-改.xlsx")
