"""公司信息 (tax number, bank, logo) on every printout, and 打印设置 per document type."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from PIL import Image

from openjxc.bootstrap import System
from openjxc.entrypoints.web import print_pdf
from tests.integration.web.conftest import Browser, texts
from tests.integration.web.print_world import trade_documents

pytestmark = pytest.mark.usefixtures("shop")


def _image(kind: str = "PNG", size: tuple[int, int] = (900, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def _company(browser: Browser, **changes: str) -> object:
    form = {"code": "HQ", "name": "总部", "address": "上海市", "phone": "021-1234"}
    return browser.post("/settings/company", {**form, **changes})


def _upload(browser: Browser, content: bytes, name: str = "logo.png") -> object:
    return browser.post(
        "/settings/company/logo", {"action": "upload"}, files={"logo": (name, content)}
    )


def test_the_tax_number_and_bank_account_head_the_printout(
    browser: Browser, system: System
) -> None:
    number = trade_documents(system)["sales_delivery"]
    saved = _company(
        browser,
        tax_number="91310000MA1FL8XQ3B",
        bank_name="招商银行上海分行",
        bank_account="6225 8801 2345 6789",
    )
    assert saved.status_code == 200  # type: ignore[attr-defined]
    page = browser.get("/settings/company").text
    assert 'value="91310000MA1FL8XQ3B"' in page
    assert 'value="6225 8801 2345 6789"' in page
    sheet = browser.get(f"/print/documents/{number}").text
    bank = texts(sheet, "company-bank")
    assert "税号: 91310000MA1FL8XQ3B" in bank
    assert "招商银行上海分行 6225 8801 2345 6789" in bank


def test_a_bad_tax_number_or_account_changes_nothing(browser: Browser, system: System) -> None:
    trade_documents(system)
    _company(browser, tax_number="91310000MA1FL8XQ3B")
    refused = _company(browser, name="改名了", tax_number="12-34")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "税号“12-34”无效" in refused.text  # type: ignore[attr-defined]
    refused = _company(browser, name="改名了", bank_account="abc123456")
    assert "银行账号“abc123456”无效" in refused.text  # type: ignore[attr-defined]
    page = browser.get("/settings/company").text
    assert 'value="总部"' in page
    assert 'value="91310000MA1FL8XQ3B"' in page


def test_an_uploaded_logo_is_redrawn_small_and_printed_on_screen_and_in_the_pdf(
    browser: Browser, system: System
) -> None:
    number = trade_documents(system)["sales_delivery"]
    assert 'id="company-logo"' not in browser.get(f"/print/documents/{number}").text
    if print_pdf.font() is None:
        pytest.fail("no CJK font: the setup installs noto-cjk-sans-otc")
    plain_pdf = browser.get(f"/print/documents/{number}/pdf").content
    saved = _upload(browser, _image("JPEG"), "logo.jpg")
    assert saved.status_code == 200  # type: ignore[attr-defined]
    sheet = browser.get(f"/print/documents/{number}").text
    logo = re.search(r'id="company-logo" src="data:image/png;base64,([^"]+)"', sheet)
    assert logo, "no logo on the printout"
    import base64

    stored = Image.open(io.BytesIO(base64.b64decode(logo.group(1))))
    assert stored.format == "PNG"
    assert stored.size == (600, 200)
    with_logo = browser.get(f"/print/documents/{number}/pdf").content
    images = re.compile(rb"/Subtype\s*/Image")
    assert len(images.findall(with_logo)) == len(images.findall(plain_pdf)) + 1
    statement = browser.get("/print/statement?partner=C1&from=2026-11-01&to=2026-11-30").text
    assert 'id="company-logo"' in statement
    browser.post("/settings/company/logo", {"action": "remove"})
    assert 'id="company-logo"' not in browser.get(f"/print/documents/{number}").text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "徽标必须是"),
        (b"\x89PNG\r\n\x1a\n not really a png", "徽标必须是"),
        (b"\x00" * (512 * 1024 + 1), "徽标文件过大"),
    ],
)
def test_a_logo_that_is_no_small_image_is_refused_and_nothing_changes(
    browser: Browser, system: System, content: bytes, message: str
) -> None:
    number = trade_documents(system)["sales_delivery"]
    _upload(browser, _image())
    refused = _upload(browser, content)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert message in refused.text  # type: ignore[attr-defined]
    assert 'id="company-logo"' in browser.get(f"/print/documents/{number}").text  # the old one


def _heads(html: str) -> list[str]:
    return re.findall(r'data-col="([^"]+)"', html)


def test_print_columns_are_a_company_setting_for_every_user(
    browser: Browser,
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    number = trade_documents(system)["sales_delivery"]
    page = browser.get("/settings/printing").text
    assert 'id="print-sales_delivery"' in page
    assert 'href="/settings/printing"' in page
    chosen = [("col_sales_delivery", k) for k in ("product_name", "qty", "line_total")]
    saved = browser.post("/settings/printing", [("types", "sales_delivery"), *chosen])
    assert saved.status_code == 200, saved.text
    make_user("clerk", "sales")
    clerk = new_browser()
    clerk.login("clerk")
    assert _heads(clerk.get(f"/print/documents/{number}").text) == [
        "product_name",
        "qty",
        "line_total",
    ]
    settings = browser.get("/settings/printing").text
    assert 'name="col_sales_delivery" value="price_incl_tax" >' in settings  # unticked now
    assert 'name="col_purchase_receipt" value="price_incl_tax" checked' in settings  # defaults


def test_a_print_setting_naming_no_or_unknown_columns_is_refused(
    browser: Browser, system: System
) -> None:
    number = trade_documents(system)["sales_delivery"]
    before = _heads(browser.get(f"/print/documents/{number}").text)
    refused = browser.post(
        "/settings/printing",
        [("types", "sales_delivery"), ("col_sales_delivery", "qty"), ("col_sales_delivery", "x")],
    )
    assert refused.status_code == 422
    assert "打印列的取值“x”无效" in refused.text
    empty = browser.post(
        "/settings/printing",
        [("types", "sales_delivery"), ("col_sales_delivery", "qty"), ("types", "transfer")],
    )
    assert empty.status_code == 422
    assert "每种单据至少要打印一列" in empty.text
    assert _heads(browser.get(f"/print/documents/{number}").text) == before
