"""Print views: 送货单, 入库单, 调拨单, 盘点表 and statements, on screen and as PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from fpdf import FPDF

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.web import print_pdf
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import dispatch
from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document
from tests.integration.web.conftest import Browser, texts
from tests.integration.web.print_world import DAY, trade_documents

pytestmark = pytest.mark.usefixtures("shop")


def _stock_document(browser: Browser, kind: str, *extra: tuple[str, str]) -> str:
    form = [("type", kind), ("date", "2026-11-20"), ("warehouse", "CW"), ("then", "approve")]
    form += list(extra)
    form += [
        ("line_product", "W1"),
        ("line_unit", "箱"),
        ("line_qty", "2"),
        ("line_cost", "48"),
        ("line_batch", ""),
        ("line_expiry", ""),
    ]
    response = browser.post("/documents/new", form)
    assert response.status_code == 200, response.text
    return re.search(r"[A-Z]{3,4}\d{11}", str(response.url)).group(0)  # type: ignore[union-attr]


def test_the_delivery_note_has_header_codes_lines_total_in_words_and_signatures(
    browser: Browser, system: System
) -> None:
    number = trade_documents(system)["sales_delivery"]
    page = browser.get(f"/print/documents/{number}")
    assert page.status_code == 200, page.text
    html = page.text
    assert texts(html, "print-title") == "送货单"
    assert texts(html, "company") == "总部"
    assert texts(html, "print-number") == number
    assert texts(html, "print-partner") == "绿洲超市"
    assert "王经理 13800000000" in html
    assert 'class="segno"' in html
    assert "<svg" in html.split('class="barcode"')[1][:200]
    lines = html[html.index('id="print-lines"') : html.index("</tbody>")]
    assert "矿泉水" in lines
    assert ">3<" in lines
    assert ">16.95<" in lines  # 含税单价: 15 + 13 %, so 3 × 16.95 = 50.85 on paper
    assert ">50.85<" in lines
    assert ">5.85<" in lines
    assert ">13%<" in lines
    assert texts(html, "print-total-money") == "¥50.85"
    assert texts(html, "print-words") == "伍拾元捌角伍分"
    signatures = html[html.index('id="print-signatures"') :]
    assert "制单:" in signatures
    assert "审核人:" in signatures
    assert "收货人（客户签收）:" in signatures


def test_the_purchase_receipt_prints_as_a_receipt_note(browser: Browser, system: System) -> None:
    number = trade_documents(system)["purchase_receipt"]
    html = browser.get(f"/print/documents/{number}").text
    assert texts(html, "print-title") == "采购入库单"
    assert texts(html, "print-total-money") == "¥113.00"
    assert texts(html, "print-words") == "壹佰壹拾叁元整"


def test_an_other_receipt_totals_its_cost_in_words(browser: Browser) -> None:
    number = _stock_document(browser, "other_receipt")
    html = browser.get(f"/print/documents/{number}").text
    assert texts(html, "print-title") == "其他入库单"
    assert texts(html, "print-total-qty") == "2 箱"
    assert texts(html, "print-total-money") == "¥96.00"
    assert texts(html, "print-words") == "玖拾陆元整"


def test_a_transfer_prints_both_warehouses_without_costs_by_default(browser: Browser) -> None:
    _stock_document(browser, "other_receipt")
    number = _stock_document(browser, "transfer", ("to_warehouse", "SW"))
    html = browser.get(f"/print/documents/{number}").text
    assert texts(html, "print-title") == "调拨单"
    assert "中央仓 → 门店仓" in html
    assert 'data-col="unit_cost"' not in html
    assert 'id="print-words"' not in html


def test_the_columns_chosen_for_one_printout_are_printed_and_not_remembered(
    browser: Browser, system: System
) -> None:
    number = trade_documents(system)["sales_delivery"]
    url = f"/print/documents/{number}?col=product_name&col=qty&col=tax&remember=true"
    response = browser.get(url)
    heads = re.findall(r'data-col="([^"]+)"', response.text)
    assert heads == ["product_name", "qty", "tax"]
    assert "set-cookie" not in response.headers
    again = browser.get(f"/print/documents/{number}").text
    assert "product" in re.findall(r'data-col="([^"]+)"', again)  # the type's defaults


def test_continuous_paper_sets_the_page_size(browser: Browser, system: System) -> None:
    number = trade_documents(system)["sales_delivery"]
    assert "size: 241mm 140mm" in browser.get(f"/print/documents/{number}?paper=half").text
    assert "size: 241mm 93mm" in browser.get(f"/print/documents/{number}?paper=third").text
    assert "size: 210mm 297mm" in browser.get(f"/print/documents/{number}").text


def test_a_stocktake_sheet_lists_book_and_counted_quantities(browser: Browser) -> None:
    _stock_document(browser, "other_receipt")
    response = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    number = re.search(r"PDD\d{11}", str(response.url) + response.text)
    assert number, response.text[:500]
    html = browser.get(f"/print/documents/{number.group(0)}").text
    assert texts(html, "print-title") == "盘点表"
    heads = re.findall(r'data-col="([^"]+)"', html)
    assert heads[-3:] == ["expected_qty", "counted_qty", "variance_qty"]
    assert "矿泉水" in html
    assert f'href="/stocktakes/{number.group(0)}"' in html  # back to the stocktake screen


def test_the_statement_prints_opening_movements_closing_and_words(
    browser: Browser, system: System
) -> None:
    trade_documents(system)
    html = browser.get("/print/statement?partner=C1&from=2026-11-01&to=2026-11-30").text
    assert texts(html, "print-partner") == "绿洲超市"
    assert texts(html, "print-opening") == "0.00"
    assert texts(html, "print-closing") == "50.85"
    assert texts(html, "print-words") == "伍拾元捌角伍分"
    form = browser.get("/print/statement").text
    assert 'id="statement-form"' in form


def test_pdfs_are_drawn_with_a_cjk_font(browser: Browser, system: System) -> None:
    if print_pdf.font() is None:
        pytest.fail("no CJK font: the setup installs noto-cjk-sans-otc")
    number = trade_documents(system)["sales_delivery"]
    pdf = browser.get(f"/print/documents/{number}/pdf?paper=half")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    statement = browser.get("/print/statement/pdf?partner=C1&from=2026-11-01&to=2026-11-30")
    assert statement.content.startswith(b"%PDF")


def test_a_stocktake_sheet_and_a_transfer_download_as_pdf(browser: Browser) -> None:
    _stock_document(browser, "other_receipt")
    transfer = _stock_document(browser, "transfer", ("to_warehouse", "SW"))
    response = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    stocktake = re.search(r"PDD\d{11}", str(response.url)).group(0)  # type: ignore[union-attr]
    for number in (transfer, stocktake):
        pdf = browser.get(f"/print/documents/{number}/pdf?paper=third")
        assert pdf.content.startswith(b"%PDF"), pdf.text[:300]


def test_without_a_cjk_font_the_pdf_link_explains_what_to_install(
    browser: Browser, system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = trade_documents(system)["sales_delivery"]
    monkeypatch.setattr(print_pdf, "font", lambda: None)
    response = browser.get(f"/print/documents/{number}/pdf")
    assert response.status_code == 503
    assert "noto-cjk-sans-otc" in texts(response.text, "error-message")


def test_the_receivable_statement_report_links_to_its_printed_sheet(
    browser: Browser, system: System
) -> None:
    trade_documents(system)
    url = "/reports/receivable-statement?partner=C1&from=2026-11-01&to=2026-11-30"
    page = browser.get(url).text
    link = re.search(r'id="print-statement" href="([^"]+)"', page)
    assert link, "no print link"
    sheet = browser.get(link.group(1).replace("&amp;", "&")).text
    assert texts(sheet, "print-closing") == "50.85"


def test_the_ticked_documents_print_one_after_the_other(browser: Browser, system: System) -> None:
    numbers = trade_documents(system)
    receipt, delivery = numbers["purchase_receipt"], numbers["sales_delivery"]
    page = browser.get(f"/print/batch?ref={receipt}&ref={delivery}&ref={receipt}&paper=half")
    assert page.status_code == 200, page.text
    html = page.text
    assert texts(html, "print-title") == "采购入库单"
    assert texts(html, "print-title-2") == "送货单"
    assert texts(html, "print-number") == receipt
    assert texts(html, "print-number-2") == delivery
    assert 'id="sheet-3"' not in html  # a number ticked twice prints once
    assert texts(html, "print-words-2") == "伍拾元捌角伍分"
    assert "size: 241mm 140mm" in html
    assert f"/print/batch/pdf?paper=half&ref={receipt}&ref={delivery}" in html.replace("&amp;", "&")


def test_printing_nothing_ticked_or_too_many_says_so(browser: Browser) -> None:
    nothing = browser.get("/print/batch")
    assert nothing.status_code == 422
    assert texts(nothing.text, "error-message") == "请先勾选要打印的单据"
    refs = "&".join(f"ref=X{i}" for i in range(101))
    too_many = browser.get(f"/print/batch?{refs}")
    assert texts(too_many.text, "error-message") == "一次最多打印 100 张单据"


def test_another_stores_document_is_not_printed_in_a_batch(browser: Browser) -> None:
    response = browser.get("/print/batch?ref=XSCK20261120999")
    assert response.status_code == 404


def test_the_ticked_documents_download_as_one_pdf(browser: Browser, system: System) -> None:
    if print_pdf.font() is None:
        pytest.fail("no CJK font: the setup installs noto-cjk-sans-otc")
    numbers = trade_documents(system)
    refs = "&".join(f"ref={n}" for n in numbers.values())
    pdf = browser.get(f"/print/batch/pdf?{refs}")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    single = browser.get(f"/print/documents/{numbers['sales_delivery']}/pdf")
    assert pdf.content.count(b"/Type /Page\n") == 2 * single.content.count(b"/Type /Page\n")


def test_a_keeper_prints_stock_and_purchase_documents_without_cost_columns(
    browser: Browser,
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    receipt = _stock_document(browser, "other_receipt")
    purchase = trade_documents(system)["purchase_receipt"]
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    for number in (receipt, purchase):
        mine, admins = (
            keeper.get(f"/print/documents/{number}").text,
            browser.get(f"/print/documents/{number}").text,
        )
        printed = set(re.findall(r'<th [^>]*data-col="([a-z_]+)"', mine))
        offered = set(re.findall(r'name="col" value="([a-z_]+)"', mine))
        assert "qty" in printed
        assert not printed & {"unit_cost", "amount", "price", "line_total"}
        assert not offered & {"unit_cost", "amount", "price", "line_total", "tax", "net_amount"}
        assert 'id="print-total-money"' not in mine
        assert set(re.findall(r'<th [^>]*data-col="([a-z_]+)"', admins)) & {"amount", "line_total"}

    def heads(b: Browser) -> str:
        return b.get("/stock/balances").text.split('id="balance-table"')[1].split("</thead>")[0]

    assert "金额" not in heads(keeper)
    assert "金额" in heads(browser)


def test_pdfs_are_drawn_in_the_cjk_font_the_setup_installs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JXC_PDF_FONT", raising=False)
    print_pdf.font.cache_clear()
    try:
        chosen = print_pdf.font()
    finally:
        print_pdf.font.cache_clear()
    assert chosen is not None
    assert chosen.path.endswith("noto_cjk_sans_otc/NotoSansCJK-Regular.ttc")
    assert chosen.face == 2  # the collection's simplified-Chinese face


def _red_letters(system: System) -> dict[str, tuple[str, str]]:
    """The delivery, then the receipt, red-reversed: {type: (original, red letter)}."""
    numbers = trade_documents(system)
    found = {}
    for kind in ("sales_delivery", "purchase_receipt"):
        red = dispatch.red_reverse_document(
            numbers[kind], Actor.system(), system.uow(), DAY + dt.timedelta(days=1)
        )
        found[kind] = (numbers[kind], red.number)
    return found


def _drawn(monkeypatch: pytest.MonkeyPatch, browser: Browser, url: str) -> str:
    """The texts a PDF download draws on its pages (fpdf2 writes glyph ids, not text, so they
    are taken as they are drawn)."""
    drawn: list[str] = []

    class Recording(FPDF):
        def cell(self, w: Any = None, h: Any = None, text: str = "", *a: Any, **k: Any) -> Any:
            drawn.append(text)
            return super().cell(w, h, text, *a, **k)

        def multi_cell(self, w: Any, h: Any = None, text: str = "", *a: Any, **k: Any) -> Any:
            drawn.append(text)
            return super().multi_cell(w, h, text, *a, **k)

    monkeypatch.setattr(print_pdf, "FPDF", Recording)
    response = browser.get(url)
    assert response.content.startswith(b"%PDF"), response.text[:300]
    return "\n".join(drawn)


def test_a_red_letter_delivery_prints_negative_with_its_mark_and_the_original(
    browser: Browser, system: System
) -> None:
    original, red = _red_letters(system)["sales_delivery"]
    html = browser.get(f"/print/documents/{red}").text
    assert texts(html, "print-title") == "送货单"
    assert texts(html, "print-red-mark") == f"红字：红冲原单 {original}"
    lines = html[html.index('id="print-lines"') : html.index("</tbody>")]
    assert ">-3<" in lines  # quantity
    assert ">16.95<" in lines  # the price (含税单价) stays a price
    assert ">-50.85<" in lines
    assert texts(html, "print-total-money") == "¥-50.85"
    assert texts(html, "print-words") == "负伍拾元捌角伍分"
    assert "已审核 · 红字" in html
    # the original prints as it always did
    plain = browser.get(f"/print/documents/{original}").text
    assert texts(plain, "print-words") == "伍拾元捌角伍分"
    assert 'id="print-red-mark"' not in plain


def test_a_red_letter_receipt_prints_negative_with_its_mark_and_the_original(
    browser: Browser, system: System
) -> None:
    original, red = _red_letters(system)["purchase_receipt"]
    html = browser.get(f"/print/documents/{red}?paper=half").text
    assert texts(html, "print-title") == "采购入库单"
    assert texts(html, "print-red-mark") == f"红字：红冲原单 {original}"
    assert ">-10<" in html[html.index('id="print-lines"') : html.index("</tbody>")]
    assert texts(html, "print-total-qty") == "-10 瓶"
    assert texts(html, "print-total-money") == "¥-113.00"
    assert texts(html, "print-words") == "负壹佰壹拾叁元整"


def test_red_letter_pdfs_draw_the_mark_the_original_and_negative_figures(
    browser: Browser, system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    if print_pdf.font() is None:
        pytest.fail("no CJK font: .ci/run installs fonts-wqy-microhei")
    reds = _red_letters(system)
    original, red = reds["sales_delivery"]
    text = _drawn(monkeypatch, browser, f"/print/documents/{red}/pdf")
    assert f"红字：红冲原单 {original}" in text
    assert "-50.85" in text.split("\n")  # the line's 价税合计
    assert "负伍拾元捌角伍分" in text
    assert "¥-50.85" in text
    original, red = reds["purchase_receipt"]
    text = _drawn(monkeypatch, browser, f"/print/documents/{red}/pdf?paper=third")
    assert f"红字：红冲原单 {original}" in text
    assert "-10" in text.split("\n")
    assert "负壹佰壹拾叁元整" in text


def test_a_tax_inclusive_delivery_prints_its_line_discount_and_order_discount(
    browser: Browser, system: System
) -> None:
    trade_documents(system)  # C1, and W1 in stock
    line = TradeLineInput(
        product="W1", qty="3", unit="瓶", price="141.59", tax_rate="13%", line_discount="0.77"
    )
    doc = create_trade_document(
        TradeInput(
            "sales_delivery", DAY, "CW", "C1", (line,), tax_included=True, order_discount="4"
        ),
        Actor.system(),
        system.uow(),
    )
    trade_approval.approve_trade_document(doc.number, Actor.system(), system.uow())
    html = browser.get(f"/print/documents/{doc.number}").text
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    # 3 × 141.59 = 424.77; less 0.77 行折扣 = 424.00 (税率 13%, 税额 after the 4.00 整单优惠)
    assert cells[:4] == ["3", "141.59", "424.77", "0.77"]
    assert cells[4] == "13%"
    assert texts(html, "print-order-discount") == "整单优惠: ¥4.00"
    assert texts(html, "print-total-money") == "¥420.00"
