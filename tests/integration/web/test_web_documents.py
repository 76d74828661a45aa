"""The bill editor and the document toolbar, through the routes a browser uses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable

import pytest
from python_calamine import CalamineWorkbook

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import approvals as approval_queries
from openjxc.queries import stock
from openjxc.services import organisations, users, warehouses
from openjxc.services.inventory import documents
from openjxc.services.trading.dispatch import submit_document
from tests.integration.web.conftest import PASSWORD, Browser, texts
from tests.integration.web.print_world import trade_documents

pytestmark = pytest.mark.usefixtures("shop")


def _receipt(*lines: tuple[str, str, str, str], then: str = "") -> list[tuple[str, str]]:
    form = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", "CW"), ("then", then)]
    for product, unit, qty, cost in lines:
        form += [
            ("line_product", product),
            ("line_unit", unit),
            ("line_qty", qty),
            ("line_cost", cost),
            ("line_batch", ""),
            ("line_expiry", ""),
        ]
    return form


def _on_hand(system: System, warehouse: str = "CW") -> object:
    with system.read_sessions() as session:
        rows, _ = stock.stock_balances(session, Actor.system())
    return {r["warehouse"]: r["on_hand"] for r in rows}.get(warehouse)


def test_a_receipt_saved_and_approved_posts_its_base_quantity(
    browser: Browser, system: System
) -> None:
    response = browser.post("/documents/new", _receipt(("W1", "箱", "2", "48"), then="approve"))
    assert response.status_code == 200, response.text
    number = re.search(r"QTRK\d{11}", str(response.url)).group(0)  # type: ignore[union-attr]
    assert number in response.text
    assert "status-approved" in response.text
    assert _on_hand(system) == 48  # 2 箱 × 24 瓶


def test_a_bad_line_is_shown_on_that_line_and_nothing_is_saved(browser: Browser) -> None:
    form = _receipt(("W1", "瓶", "3", "2"), ("W1", "桶", "1", "2"))
    response = browser.post("/documents/new", form)
    assert response.status_code == 422
    assert "商品“W1”没有单位“桶”" in response.text
    grid = re.search(r"billEditor\((\[.*\]), \{", response.text).group(1)  # type: ignore[union-attr]
    first, second = json.loads(grid)
    assert first["error"] == ""
    assert "桶" in second["error"]
    assert "QTRK" not in browser.get("/documents").text


def test_an_issue_beyond_stock_names_the_short_line(browser: Browser, system: System) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "5", "2"), then="approve"))
    form = [
        ("type", "other_issue"),
        ("date", "2026-11-21"),
        ("warehouse", "CW"),
        ("then", "approve"),
        ("line_product", "W1"),
        ("line_unit", "瓶"),
        ("line_qty", "7"),
    ]
    response = browser.post("/documents/new", form)
    assert response.status_code == 422
    assert "需要 7" in response.text
    assert "可用 5" in response.text
    assert _on_hand(system) == 5
    # saved and approved in one: the refused approval saved no draft; the form keeps the line
    assert "QTCK" not in browser.get("/documents").text
    grid = re.search(r"billEditor\((\[.*\]), \{", response.text).group(1)  # type: ignore[union-attr]
    assert [(ln["product"], ln["qty"]) for ln in json.loads(grid)] == [("W1", "7")]


def test_the_toolbar_approves_ticked_documents_and_reports_each(
    browser: Browser, system: System
) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "5", "2"), then="submit"))
    listing = browser.get("/documents?status=submitted")
    number = re.search(r'name="numbers" value="([^"]+)"', listing.text).group(1)  # type: ignore[union-attr]
    response = browser.post(
        "/documents/bulk", [("action", "approve"), ("numbers", number), ("back", "/documents")]
    )
    assert f"{number} 已审核" in response.text
    assert _on_hand(system) == 5


def test_a_scanned_box_barcode_means_one_box(browser: Browser) -> None:
    body = browser.get("/lookup/barcode?code=16901234567899").json()
    assert (body["product"], body["unit"], body["factor"]) == ("W1", "箱", "24")
    unknown = browser.get("/lookup/barcode?code=000")
    assert unknown.status_code == 404
    assert "000" in unknown.json()["error"]


def test_the_picker_finds_products_by_pinyin_initials(browser: Browser) -> None:
    fragment = browser.htmx("/lookup/products?q=kqs")
    assert "W1" in fragment.text
    assert "<html" not in fragment.text


def test_the_home_page_counts_stock_value_and_documents_waiting(browser: Browser) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "10", "2.5"), then="approve"))
    browser.post("/documents/new", _receipt(("W1", "瓶", "1", "2"), then="submit"))
    home = browser.get("/")
    assert texts(home.text, "card-stock-value") == "¥25.00"  # 10 × 2.50; the draft waits
    assert texts(home.text, "card-waiting") == "1"
    chart = re.search(r"data-chart='([^']+)'", home.text).group(1)  # type: ignore[union-attr]
    option = json.loads(chart.replace("&#34;", '"'))
    assert option["xAxis"]["data"] == ["中央仓"]
    assert option["series"][0]["data"] == ["25.00"]


def test_unapprove_and_red_reversal_from_the_toolbar(browser: Browser, system: System) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "4", "2"), then="approve"))
    number = re.search(r"QTRK\d{11}", browser.get("/documents").text).group(0)  # type: ignore[union-attr]
    undone = browser.post(f"/documents/{number}/unapprove", {})
    assert "status-draft" in undone.text
    assert _on_hand(system) == 0
    browser.post(f"/documents/{number}/approve", {})
    red = browser.post(f"/documents/{number}/red-reverse", {})
    assert "已红冲" in red.text
    assert "红字" in red.text
    assert _on_hand(system) == 0
    assert "status-reversed" in browser.get(f"/documents/{number}").text


def test_a_red_reversal_short_of_stock_is_shown_on_the_line_it_names(
    browser: Browser, system: System
) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "4", "2"), then="approve"))
    number = re.search(r"QTRK\d{11}", browser.get("/documents").text).group(0)  # type: ignore[union-attr]
    issue = [("type", "other_issue"), ("date", "2026-11-21"), ("warehouse", "CW")]
    issue += [("then", "approve"), ("line_product", "W1"), ("line_unit", "瓶"), ("line_qty", "3")]
    browser.post("/documents/new", issue)
    refused = browser.post(f"/documents/{number}/red-reverse", {})
    assert refused.status_code == 422
    assert re.search(
        r"第 1 行：矿泉水（W1）在仓库 中央仓（CW）\d{4}-\d\d-\d\d 库存不足：需要 4 瓶，可用 1 瓶",
        refused.text,
    )
    assert "None" not in refused.text
    assert _on_hand(system) == 1
    assert "status-approved" in browser.get(f"/documents/{number}").text


def test_the_list_filters_by_status_and_date(browser: Browser) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "4", "2"), then="approve"))
    browser.post("/documents/new", _receipt(("W1", "瓶", "1", "2")))
    approved = browser.htmx("/documents?status=approved")
    drafts = browser.htmx("/documents?status=draft")
    assert approved.text.count('name="numbers"') == 1
    assert drafts.text.count('name="numbers"') == 1
    assert browser.htmx("/documents?from=2026-11-21").text.count('name="numbers"') == 0
    assert (
        browser.htmx("/documents?to=2026-11-20&type=other_receipt").text.count('name="numbers"')
        == 2
    )


def test_a_stocktake_is_counted_by_scanning_and_typing_then_posts_the_variance(
    browser: Browser, system: System
) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "30", "2"), then="approve"))
    created = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    assert created.status_code == 200
    assert "/stocktakes/PDD" in str(created.url)
    number = str(created.url).rsplit("/", 1)[1]
    browser.post(f"/stocktakes/{number}/scan", {"barcode": "16901234567899"})  # one 箱 = 24
    scanned = browser.post(f"/stocktakes/{number}/scan", {"barcode": "6901234567892"})
    assert 'value="25"' in scanned.text  # 24 + 1 瓶
    bad = browser.post(f"/stocktakes/{number}/scan", {"barcode": "nope"})
    assert bad.status_code == 422
    assert "条码“nope”不存在" in bad.text
    typed = browser.post(
        f"/stocktakes/{number}/counts",
        [("count_product", "W1"), ("count_batch", ""), ("count_qty", "28")],
    )
    assert "盘亏 2 瓶 (¥4.00)" in texts(typed.text, "totals")  # 2 瓶 short at 2.00
    assert 'id="action-submit"' in typed.text
    submitted = browser.post(
        f"/documents/{number}/submit",
        {},
        headers={"Referer": f"http://testserver/stocktakes/{number}"},
    )
    assert "status-submitted" in submitted.text
    assert 'id="action-submit"' not in submitted.text
    assert number in browser.get("/approvals").text  # waiting in 审批中心 for the review
    approved = browser.post(
        f"/documents/{number}/approve",
        {},
        headers={"Referer": f"http://testserver/stocktakes/{number}"},
    )
    assert "status-approved" in approved.text
    assert _on_hand(system) == 28


def test_a_count_taken_on_paper_keeps_the_time_typed_and_a_future_time_is_refused(
    browser: Browser,
) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "30", "2"), then="approve"))
    created = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    number = str(created.url).rsplit("/", 1)[1]
    line = [("count_product", "W1"), ("count_batch", ""), ("count_qty", "28")]
    future = browser.post(
        f"/stocktakes/{number}/counts",
        [*line, ("count_at", "2999-01-01T08:00"), ("count_at_was", "")],
    )
    assert future.status_code == 422
    assert "盘点时间 2999-01-01 08:00 晚于现在" in future.text
    typed = browser.post(
        f"/stocktakes/{number}/counts",
        [*line, ("count_at", "2026-11-21T09:30"), ("count_at_was", "")],
    )
    assert typed.status_code == 200
    assert 'name="count_at" value="2026-11-21T09:30"' in typed.text
    # saved again with the time shown unchanged: it stays the paper count's time
    again = browser.post(
        f"/stocktakes/{number}/counts",
        [*line, ("count_at", "2026-11-21T09:30"), ("count_at_was", "2026-11-21T09:30")],
    )
    assert 'name="count_at" value="2026-11-21T09:30"' in again.text


def test_the_desktop_scan_box_has_a_submit_button_so_enter_submits_it(browser: Browser) -> None:
    created = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    page = created.text[created.text.index('action="/stocktakes/') :]
    scan_form = page[: page.index("</form>")]
    assert 'type="submit"' in scan_form


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads the Chinese text as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_list_exports_every_document_its_filters_find(browser: Browser) -> None:
    for qty in ("4", "1", "2"):
        browser.post("/documents/new", _receipt(("W1", "瓶", qty, "2"), then="approve"))
    browser.post("/documents/new", _receipt(("W1", "瓶", "9", "2")))
    listing = browser.get("/documents?status=approved").text
    assert 'href="/documents/export?q=&amp;type=&amp;status=approved' in listing
    response = browser.get("/documents/export?status=approved&format=csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    header, *rows = _csv_rows(response.content)
    assert header[:4] == ["单号", "类型", "日期", "仓库"]
    assert "往来单位" not in header
    assert len(rows) == 3
    assert {r[1] for r in rows} == {"其他入库"}
    assert {r[header.index("状态")] for r in rows} == {"已审核"}
    assert all(r[header.index("制单人")] == "admin" for r in rows)
    xlsx = browser.get("/documents/export?status=approved&format=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    assert sheet.name == "库存单据"
    assert len(sheet.to_python()) == 4


def test_the_sales_list_exports_partner_and_total(browser: Browser, system: System) -> None:
    numbers = trade_documents(system)
    response = browser.get("/trade/sales/export?partner=C1")
    header, *rows = _csv_rows(response.content)
    assert header[:8] == [
        "单号",
        "类型",
        "日期",
        "仓库",
        "调入仓库",
        "往来单位",
        "价税合计",
        "状态",
    ]
    assert [r[:8] for r in rows] == [
        [numbers["sales_delivery"], "销售出库", "2026-11-20", "CW", "", "C1", "50.85", "已审核"]
    ]
    assert browser.get("/trade/nothing/export").status_code == 404
    assert browser.get("/trade/sales/export?type=other_receipt").status_code == 422


def test_a_keeper_exports_purchases_without_their_totals(
    browser: Browser,
    system: System,
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
) -> None:
    trade_documents(system)
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    header, *rows = _csv_rows(keeper.get("/trade/purchase/export").content)
    assert len(rows) == 1
    assert rows[0][header.index("价税合计")] == ""
    header, *rows = _csv_rows(browser.get("/trade/purchase/export").content)
    assert rows[0][header.index("价税合计")] == "113.00"


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("warehouse", {"void"}),  # writes stock documents, approves none
        ("store_manager", {"approve", "unapprove", "void", "red-reverse"}),
        ("viewer", set()),
    ],
)
def test_the_toolbar_offers_only_what_the_user_may_do(
    new_browser: Callable[[], Browser],
    make_user: Callable[..., None],
    role: str,
    shown: set[str],
) -> None:
    make_user("someone", role)
    b = new_browser()
    b.login("someone")
    page = b.get("/documents").text
    assert set(re.findall(r'id="bulk-([a-z-]+)"', page)) - {"print", "form"} == shown


def test_empty_date_filters_sent_by_the_filter_form_mean_no_filter(browser: Browser) -> None:
    browser.post("/documents/new", _receipt(("W1", "瓶", "4", "2"), then="approve"))
    blank = "q=&type=&status=&warehouse=&partner=&from=&to="
    for url in (
        f"/documents?{blank}",
        f"/documents/export?{blank}&format=csv",
        f"/trade/sales?{blank}",
        f"/trade/sales/export?{blank}&format=csv",
        "/payments?from=&to=",
        "/payments/export?from=&to=&format=csv",
        "/stock/moves?product=&from=&to=",
    ):
        assert browser.get(url).status_code == 200, url
    _header, *rows = _csv_rows(browser.get(f"/documents/export?{blank}&format=csv").content)
    assert len(rows) == 1
    assert browser.get("/documents?from=2026-13-01").status_code == 400


def test_a_store_manager_limited_to_a_store_opens_the_write_off_they_see_in_the_list(
    browser: Browser, system: System, new_browser: Callable[[], Browser]
) -> None:
    """Limited to 徐汇店 by organisation alone (no warehouse ticked), the manager opens the
    store's 报损 from the list; head office's reads as not found, in the list and opened."""
    actor = Actor.system()
    store = organisations.create_organisation(
        organisations.OrganisationData("XH", "徐汇店", parent="HQ"), actor, system.uow()
    )
    warehouses.create_warehouse(
        warehouses.WarehouseData("XHW", "徐汇店仓", "XH"), actor, system.uow()
    )
    manager = users.UserData(
        "xuhui", "徐汇店长", PASSWORD, ("store_manager",), organisation_ids=(store.id or 0,)
    )
    users.create_user(manager, actor, system.uow())
    numbers = {}
    for warehouse in ("XHW", "CW"):
        loss = documents.DocumentInput(
            "write_off", dt.date(2026, 11, 3), warehouse, [documents.LineInput("W1", "1")]
        )
        numbers[warehouse] = documents.create_document(loss, actor, system.uow()).number
    b = new_browser()
    b.login("xuhui")
    assert numbers["XHW"] in b.get("/documents").text
    assert numbers["CW"] not in b.get("/documents").text
    opened = b.get(f"/documents/{numbers['XHW']}")
    assert opened.status_code == 200
    assert numbers["XHW"] in opened.text
    assert b.get(f"/documents/{numbers['CW']}").status_code == 404
    # the store's 报损 waits in their approval center; the step they take stays in its history
    number = numbers["XHW"]
    submit_document(number, actor, system.uow())
    assert number in b.get("/approvals").text
    b.post(f"/documents/{number}/approve", {})
    with system.read_sessions() as session:
        steps = approval_queries.history(session, actor, number)
    assert [(step["user"], step["action"]) for step in steps] == [("xuhui", "approve")]
    assert number in b.get("/approvals").text  # no longer waiting for them: their history
