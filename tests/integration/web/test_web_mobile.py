"""移动扫码: the task chooser, scanning pages and their saves, through the browser's routes."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.queries import documents, stocktakes
from openjxc.queries import stock as stock_queries
from openjxc.services import partners, products
from openjxc.services.inventory import approval as inventory_approval
from openjxc.services.inventory import documents as inventory_documents
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import documents as trade_documents
from openjxc.services.trading import settings as trade_settings
from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


def _order(system: System, qty: str = "10") -> str:
    """An approved purchase order from supplier S1 for ``qty`` 瓶 of W1 into CW."""
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), actor, system.uow())
    data = trade_documents.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput(product="W1", qty=qty, unit="瓶", price="2")],
    )
    number = trade_documents.create_trade_document(data, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())
    return number


def _document(system: System, number: str) -> dict:  # type: ignore[type-arg]
    with system.read_sessions() as session:
        return documents.get_document(session, Actor.system(), number)


def test_the_task_chooser_lists_open_orders_and_warehouses(
    browser: Browser, system: System
) -> None:
    number = _order(system)
    page = browser.get("/mobile")
    assert page.status_code == 200
    assert number in page.text
    assert 'value="CW"' in page.text
    assert "按采购订单收货" in page.text  # in the default language, 简体中文
    assert 'href="/mobile"' in browser.get("/").text  # the Warehouse menu links here


def test_receiving_shows_the_open_quantity_and_saves_a_draft_receipt_against_the_order(
    browser: Browser, system: System
) -> None:
    number = _order(system)
    page = browser.get(f"/mobile/receive/{number}")
    assert page.status_code == 200
    assert '"expected": "10"' in page.text
    assert "/static/mobile.js" in page.text
    saved = browser.post(
        f"/mobile/receive/{number}",
        [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", "4")],
    )
    assert saved.status_code == 200, saved.text
    receipt = saved.json()["number"]
    assert receipt.startswith("CGRK")
    assert saved.json()["url"] == f"/documents/{receipt}"
    doc = _document(system, receipt)
    assert doc["status"] == "draft"
    assert doc["partner"] == "S1"
    order_line = _document(system, number)["lines"][0]["id"]
    assert [(ln["qty"], ln["source_line"]) for ln in doc["lines"]] == [(4, order_line)]


def test_an_over_receipt_is_refused_with_the_reason_and_nothing_is_saved(
    browser: Browser, system: System
) -> None:
    number = _order(system)
    saved = browser.post(
        f"/mobile/receive/{number}",
        [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", "11")],
    )
    assert saved.status_code == 422
    assert saved.json()["error"]
    with system.read_sessions() as session:
        rows, _ = documents.list_documents(session, Actor.system(), type="purchase_receipt")
    assert rows == []


def test_receiving_an_order_priced_per_case_saves_the_price_per_bottle(
    browser: Browser, system: System
) -> None:
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), actor, system.uow())
    data = trade_documents.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput(product="W1", qty="1", unit="箱", price="55")],
    )
    number = trade_documents.create_trade_document(data, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())
    saved = browser.post(f"/mobile/receive/{number}", _pick("W1", "24", unit="瓶"))
    assert saved.status_code == 200, saved.text
    line = _document(system, saved.json()["number"])["lines"][0]
    # 55 / 24 to the price's 6 decimals; the amount is 24 of them, to the cent
    assert (line["price"], line["net_amount"]) == (Decimal("2.291667"), Decimal("55.00"))


def test_the_receive_limit_includes_the_over_receipt_tolerance(
    browser: Browser, system: System
) -> None:
    trade_settings.update_trade_settings(False, "0.1", Actor.system(), system.uow())
    number = _order(system)
    assert '"limit": "11"' in browser.get(f"/mobile/receive/{number}").text


def test_a_product_not_on_the_order_is_refused(browser: Browser, system: System) -> None:
    number = _order(system)
    saved = browser.post(
        f"/mobile/receive/{number}", [("scan_product", "X9"), ("scan_unit", ""), ("scan_qty", "1")]
    )
    assert saved.status_code == 422
    assert "X9" in saved.json()["error"]


def test_saving_nothing_is_refused(browser: Browser, system: System) -> None:
    number = _order(system)
    assert browser.post(f"/mobile/receive/{number}", []).status_code == 422


def test_a_purchase_order_is_not_a_delivery_to_pick(browser: Browser, system: System) -> None:
    number = _order(system)
    assert browser.get(f"/mobile/pick/{number}").status_code == 404


def test_a_free_receipt_saves_a_draft_other_receipt(browser: Browser, system: System) -> None:
    page = browser.get("/mobile/receipt?warehouse=CW")
    assert page.status_code == 200
    assert "CW" in page.text
    saved = browser.post(
        "/mobile/receipt?warehouse=CW",
        [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", "25")],
    )
    assert saved.status_code == 200, saved.text
    doc = _document(system, saved.json()["number"])
    assert doc["type"] == "other_receipt"
    assert doc["status"] == "draft"
    assert [(ln["product"], ln["base_qty"]) for ln in doc["lines"]] == [("W1", 25)]


def test_a_free_receipt_of_a_batch_tracked_product_saves_each_batch(
    browser: Browser, system: System
) -> None:
    products.create_product(
        products.ProductData("CREAM", "淡奶油", "kg", tracking="batch"),
        Actor.system(),
        system.uow(),
    )
    url = "/mobile/receipt?warehouse=CW"
    scanned = [
        ("scan_product", "CREAM"), ("scan_unit", "kg"), ("scan_qty", "2"), ("scan_batch", "L1"),
        ("scan_product", "CREAM"), ("scan_unit", "kg"), ("scan_qty", "3"), ("scan_batch", "L2"),
    ]  # fmt: skip
    saved = browser.post(url, scanned)
    assert saved.status_code == 200, saved.text
    doc = _document(system, saved.json()["number"])
    assert [(ln["batch"], ln["base_qty"]) for ln in doc["lines"]] == [("L1", 2), ("L2", 3)]
    # without the batch it is refused, saying so, and nothing is saved
    refused = browser.post(url, [*scanned[:3], ("scan_batch", "")])
    assert refused.status_code == 422
    assert "批次" in refused.json()["error"]
    with system.read_sessions() as session:
        rows, _ = documents.list_documents(session, Actor.system(), type="other_receipt")
    assert len(rows) == 1


def test_a_free_receipt_into_an_unknown_warehouse_is_not_found(browser: Browser) -> None:
    assert browser.get("/mobile/receipt?warehouse=NOPE").status_code == 404


def test_counting_by_scan_adds_the_unit_and_an_unknown_barcode_is_refused(
    browser: Browser,
) -> None:
    created = browser.post(
        "/stocktakes/new", {"warehouse": "CW", "date": clock.today().isoformat()}
    )
    number = str(created.url).rsplit("/", 1)[1]
    assert browser.get("/mobile").text.count(number) >= 1
    page = browser.get(f"/mobile/count/{number}")
    assert page.status_code == 200
    assert f"/mobile/count/{number}/scan" in page.text
    browser.post(f"/mobile/count/{number}/scan", {"barcode": "16901234567899"})  # 1 箱
    scanned = browser.post(f"/mobile/count/{number}/scan", {"barcode": "6901234567892"})
    assert scanned.status_code == 200
    assert scanned.json()["lines"] == [
        {
            "key": "W1",
            "product": "W1",
            "product_name": "矿泉水",
            "batch": "",
            "unit": "瓶",
            "qty": "25",
        }
    ]
    bad = browser.post(f"/mobile/count/{number}/scan", {"barcode": "nope"})
    assert bad.status_code == 422
    assert "nope" in bad.json()["error"]
    again = browser.get(f"/mobile/count/{number}")
    assert re.search(r'"qty": "25"', again.text)


def _cream_stocktake(system: System, browser: Browser) -> str:
    """淡奶油 CREAM (batch-tracked, barcode 6900000000017) with L1 3 kg in CW; a stocktake."""
    products.create_product(
        products.ProductData(
            "CREAM", "淡奶油", "kg", tracking="batch", barcodes=("6900000000017",)
        ),
        Actor.system(),
        system.uow(),
    )
    form = [
        ("type", "other_receipt"),
        ("date", clock.today().isoformat()),
        ("warehouse", "CW"),
        ("then", "approve"),
        ("line_product", "CREAM"),
        ("line_unit", "kg"),
        ("line_qty", "3"),
        ("line_cost", "10"),
        ("line_batch", "L1"),
        ("line_expiry", ""),
    ]
    assert "status-approved" in browser.post("/documents/new", form).text
    created = browser.post(
        "/stocktakes/new", {"warehouse": "CW", "date": clock.today().isoformat()}
    )
    return str(created.url).rsplit("/", 1)[1]


def test_counting_a_batch_tracked_product_asks_for_the_batch_then_counts_it(
    browser: Browser, system: System
) -> None:
    number = _cream_stocktake(system, browser)
    url = f"/mobile/count/{number}/scan"
    asked = browser.post(url, {"barcode": "6900000000017"})
    assert asked.status_code == 422
    assert asked.json()["need_batch"] == {
        "product": "CREAM",
        "product_name": "淡奶油",
        "batches": [{"batch": "L1", "counted": "0"}],
    }
    assert "批次" in asked.json()["error"]
    browser.post(url, {"barcode": "6900000000017", "batch": "L1"})
    browser.post(url, {"barcode": "6900000000017", "batch": "L1"})
    found = browser.post(url, {"barcode": "6900000000017", "batch": "L9"})  # not on the books
    assert found.status_code == 200
    rows = {r["key"]: (r["batch"], r["qty"]) for r in found.json()["lines"]}
    assert rows == {"CREAM L1": ("L1", "2"), "CREAM L9": ("L9", "1")}
    with system.read_sessions() as session:
        lines = stocktakes.get_stocktake(session, Actor.system(), number)["lines"]
    counted = {ln["batch"]: ln["counted_qty"] for ln in lines if ln["product"] == "CREAM"}
    assert counted == {"L1": 2, "L9": 1}


def test_the_stocktake_screen_scans_into_the_batch_typed_beside_the_scan_box(
    browser: Browser, system: System
) -> None:
    number = _cream_stocktake(system, browser)
    url = f"/stocktakes/{number}/scan"
    refused = browser.post(url, {"barcode": "6900000000017", "batch": ""})
    assert refused.status_code == 422
    assert "按批次管理" in refused.text
    scanned = browser.post(url, {"barcode": "6900000000017", "batch": "L1"})
    assert scanned.status_code == 200
    assert 'id="scan-batch" name="batch" value="L1"' in scanned.text
    with system.read_sessions() as session:
        lines = stocktakes.get_stocktake(session, Actor.system(), number)["lines"]
    assert [ln["counted_qty"] for ln in lines if ln["batch"] == "L1"] == [1]


def test_a_batch_given_for_a_product_without_batches_is_refused(browser: Browser) -> None:
    created = browser.post(
        "/stocktakes/new", {"warehouse": "CW", "date": clock.today().isoformat()}
    )
    number = str(created.url).rsplit("/", 1)[1]
    refused = browser.post(
        f"/mobile/count/{number}/scan", {"barcode": "6901234567892", "batch": "L1"}
    )
    assert refused.status_code == 422
    assert "need_batch" not in refused.json()
    assert "W1" in refused.json()["error"]


def test_a_scan_without_the_csrf_token_is_refused(browser: Browser) -> None:
    response = browser.post("/mobile/receipt?warehouse=CW", {"scan_qty": "1"}, csrf=False)
    assert response.status_code == 403


def _stock(system: System, *lines: inventory_documents.LineInput) -> None:
    """Opening stock in CW, approved."""
    data = inventory_documents.DocumentInput("opening_stock", clock.today(), "CW", lines)
    number = inventory_documents.create_document(data, Actor.system(), system.uow()).number
    inventory_approval.approve_document(number, Actor.system(), system.uow())


def _delivery(system: System, *lines: trade_documents.TradeLineInput) -> tuple[str, str]:
    """An approved sales order of customer C1 from CW and the draft delivery generated from
    it with every open quantity: (order, delivery)."""
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), actor, system.uow())
    data = trade_documents.TradeInput(
        type="sales_order", date=clock.today(), warehouse="CW", partner="C1", lines=lines
    )
    order = trade_documents.create_trade_document(data, actor, system.uow()).number
    trade_approval.approve_trade_document(order, actor, system.uow())
    data = trade_documents.TradeInput(
        type="sales_delivery",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        from_documents=[order],
    )
    delivery = trade_documents.create_trade_document(data, actor, system.uow()).number
    return order, delivery


def _w1_delivery(system: System) -> tuple[str, str]:
    """Stock of 100 瓶 W1; an order of 2 箱 W1 at 60 and 5 个 W2 at 3; its delivery."""
    products.create_product(
        products.ProductData("W2", "苏打水", "个"), Actor.system(), system.uow()
    )
    _stock(
        system,
        inventory_documents.LineInput("W1", "100", unit_cost="2"),
        inventory_documents.LineInput("W2", "10", unit_cost="1"),
    )
    return _delivery(
        system,
        trade_documents.TradeLineInput(product="W1", qty="2", unit="箱", price="60"),
        trade_documents.TradeLineInput(product="W2", qty="5", unit="个", price="3"),
    )


def _lines(system: System, number: str) -> list[tuple[object, ...]]:
    """A document's lines as (product, qty, unit, base qty, batch, source line)."""
    return [
        (ln["product"], ln["qty"], ln["unit"], ln["base_qty"], ln["batch"], ln["source_line"])
        for ln in _document(system, number)["lines"]
    ]


def _pick(product: str, qty: str, batch: str = "", unit: str = "") -> list[tuple[str, str]]:
    return [
        ("scan_product", product),
        ("scan_unit", unit),
        ("scan_qty", qty),
        ("scan_batch", batch),
    ]


def test_picking_lists_what_a_draft_delivery_needs_and_offers_the_save(
    browser: Browser, system: System
) -> None:
    _order_number, number = _w1_delivery(system)
    assert number in browser.get("/mobile").text
    page = browser.get(f"/mobile/pick/{number}")
    assert page.status_code == 200
    assert '"expected": "48"' in page.text
    assert '"unit": "瓶"' in page.text
    assert '"expected_in_units": "2箱"' in page.text  # 48 瓶, 1 箱 = 24 瓶
    assert f'"saveUrl": "/mobile/pick/{number}"' in page.text
    assert 'id="mobile-save"' in page.text
    assert "保存拣货数量" in page.text


def test_picking_everything_keeps_the_delivery_lines_and_their_order_lines(
    browser: Browser, system: System
) -> None:
    order, number = _w1_delivery(system)
    before = _lines(system, number)
    saved = browser.post(
        f"/mobile/pick/{number}",
        [*_pick("W1", "1", unit="箱"), *_pick("W1", "24", unit="瓶"), *_pick("W2", "5")],
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"number": number, "url": f"/documents/{number}"}
    order_lines = [ln["id"] for ln in _document(system, order)["lines"]]
    assert _lines(system, number) == before
    assert [ln[5] for ln in before] == order_lines
    assert [ln[:4] for ln in before] == [("W1", 2, "箱", 48), ("W2", 5, "个", 5)]
    doc = _document(system, number)
    assert doc["status"] == "draft"
    assert doc["total"] == Decimal("152.55")


def test_picking_short_lowers_the_line_and_drops_what_was_not_picked(
    browser: Browser, system: System
) -> None:
    order, number = _w1_delivery(system)
    order_lines = [ln["id"] for ln in _document(system, order)["lines"]]
    saved = browser.post(f"/mobile/pick/{number}", _pick("W1", "30"))
    assert saved.status_code == 200, saved.text
    # 30 瓶 is not whole 箱: the line is counted in 瓶, at the order's price per 瓶
    assert _lines(system, number) == [("W1", 30, "瓶", 30, None, order_lines[0])]
    line = _document(system, number)["lines"][0]
    assert (line["price"], line["net_amount"]) == (Decimal("2.5"), Decimal("75.00"))
    trade_approval.approve_trade_document(number, Actor.system(), system.uow())
    done = {ln["product"]: ln["done_qty"] for ln in _document(system, order)["lines"]}
    assert done == {"W1": 30, "W2": 0}
    assert _document(system, order)["status"] == "partial"


def test_picking_a_whole_case_keeps_the_case_and_a_price_agreed_on_the_delivery(
    browser: Browser, system: System
) -> None:
    order, number = _w1_delivery(system)
    delivery = _document(system, number)
    agreed = trade_documents.TradeInput(
        type="sales_delivery",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        tax_included=False,
        lines=[
            trade_documents.TradeLineInput(
                product=ln["product"],
                qty=ln["qty"],
                unit=ln["unit"],
                source_line=ln["source_line"],
                price="55" if ln["product"] == "W1" else None,
            )
            for ln in delivery["lines"]
        ],
    )
    trade_documents.update_trade_document(number, agreed, Actor.system(), system.uow())
    saved = browser.post(f"/mobile/pick/{number}", [*_pick("W2", "2"), *_pick("W1", "24")])
    assert saved.status_code == 200, saved.text
    order_lines = [ln["id"] for ln in _document(system, order)["lines"]]
    assert _lines(system, number) == [
        ("W1", 1, "箱", 24, None, order_lines[0]),
        ("W2", 2, "个", 2, None, order_lines[1]),
    ]
    prices = [(ln["price"], ln["net_amount"]) for ln in _document(system, number)["lines"]]
    assert prices == [(55, Decimal("55.00")), (3, Decimal("6.00"))]


def test_a_delivery_without_an_order_keeps_its_prices_when_picked_short(
    browser: Browser, system: System
) -> None:
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), actor, system.uow())
    data = trade_documents.TradeInput(
        type="sales_delivery",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        lines=[
            trade_documents.TradeLineInput(
                product="W1", qty="1", unit="箱", price="48", line_discount="4.8"
            )
        ],
    )
    number = trade_documents.create_trade_document(data, actor, system.uow()).number
    saved = browser.post(f"/mobile/pick/{number}", _pick("W1", "12"))
    assert saved.status_code == 200, saved.text
    line = _document(system, number)["lines"][0]
    assert (line["qty"], line["unit"], line["source_line"]) == (12, "瓶", None)
    # 12 瓶 at 2 less half the line's 折扣额
    assert (line["price"], line["line_discount"], line["net_amount"]) == (
        2,
        Decimal("2.40"),
        Decimal("21.60"),
    )


def _cream_delivery(system: System) -> tuple[str, str]:
    """淡奶油 CREAM, batch-tracked: L1 3 kg and L2 5 kg in CW; an order of 6 kg; its delivery."""
    products.create_product(
        products.ProductData(
            "CREAM", "淡奶油", "kg", tracking="batch", barcodes=("6900000000017",)
        ),
        Actor.system(),
        system.uow(),
    )
    _stock(
        system,
        inventory_documents.LineInput("CREAM", "3", unit_cost="10", batch="L1"),
        inventory_documents.LineInput("CREAM", "5", unit_cost="10", batch="L2"),
    )
    return _delivery(
        system, trade_documents.TradeLineInput(product="CREAM", qty="6", unit="kg", price="20")
    )


def test_picking_two_batches_splits_the_line_and_each_keeps_the_order_line(
    browser: Browser, system: System
) -> None:
    order, number = _cream_delivery(system)
    page = browser.get(f"/mobile/pick/{number}")
    assert '"batches": [{"batch": "L1", "counted": "0"}, {"batch": "L2", "counted": "0"}]' in (
        page.text
    )
    saved = browser.post(
        f"/mobile/pick/{number}",
        [*_pick("CREAM", "2", "L2"), *_pick("CREAM", "3", "L1")],
    )
    assert saved.status_code == 200, saved.text
    order_line = _document(system, order)["lines"][0]["id"]
    assert _lines(system, number) == [
        ("CREAM", 2, "kg", 2, "L2", order_line),
        ("CREAM", 3, "kg", 3, "L1", order_line),
    ]
    trade_approval.approve_trade_document(number, Actor.system(), system.uow())
    assert _document(system, order)["lines"][0]["done_qty"] == 5
    with system.read_sessions() as session:
        rows = stock_queries.batch_balances(session, Actor.system())
    assert {r["batch"]: r["on_hand"] for r in rows if r["product"] == "CREAM"} == {"L2": 3}


def test_picking_again_puts_each_batch_on_its_own_line(browser: Browser, system: System) -> None:
    order, number = _cream_delivery(system)
    url = f"/mobile/pick/{number}"
    browser.post(url, [*_pick("CREAM", "1", "L2"), *_pick("CREAM", "3", "L1")])
    saved = browser.post(url, [*_pick("CREAM", "3", "L1"), *_pick("CREAM", "1", "L2")])
    assert saved.status_code == 200, saved.text
    order_line = _document(system, order)["lines"][0]["id"]
    assert [(ln[4], ln[3], ln[5]) for ln in _lines(system, number)] == [
        ("L2", 1, order_line),
        ("L1", 3, order_line),
    ]


def test_picking_more_than_the_delivery_holds_is_refused_and_nothing_changes(
    browser: Browser, system: System
) -> None:
    _order_number, number = _w1_delivery(system)
    before = _lines(system, number)
    refused = browser.post(
        f"/mobile/pick/{number}", [*_pick("W1", "40"), *_pick("W1", "9"), *_pick("W2", "5")]
    )
    assert refused.status_code == 422
    assert refused.json()["error"] == f"矿泉水（W1）拣货 49 瓶，超出出库单 {number} 的 48 瓶"
    assert _lines(system, number) == before
    refused = browser.post(f"/mobile/pick/{number}", _pick("CREAM", "1"))
    assert refused.status_code == 422
    assert refused.json()["error"] == f"商品“CREAM”不在出库单 {number} 上"
    refused = browser.post(f"/mobile/pick/{number}", _pick("W1", "1", unit="托"))
    assert refused.status_code == 422
    assert "托" in refused.json()["error"]
    assert _lines(system, number) == before


def test_a_delivery_changed_since_the_page_was_opened_is_not_overwritten(
    browser: Browser, system: System
) -> None:
    _order_number, number = _w1_delivery(system)
    page = browser.get(f"/mobile/pick/{number}")
    version = re.search(r'"version": "(\w+)"', page.text)
    assert version
    scans = [*_pick("W1", "24"), ("version", version.group(1))]
    other = browser.post(f"/mobile/pick/{number}", _pick("W1", "48"))  # someone else's save
    assert other.status_code == 200
    changed = _lines(system, number)
    refused = browser.post(f"/mobile/pick/{number}", scans)
    assert refused.status_code == 409
    assert number in refused.json()["error"]
    assert _lines(system, number) == changed


def test_an_approved_delivery_is_only_checked(browser: Browser, system: System) -> None:
    _order_number, number = _w1_delivery(system)
    trade_approval.approve_trade_document(number, Actor.system(), system.uow())
    page = browser.get(f"/mobile/pick/{number}")
    assert '"saveUrl": ""' in page.text
    assert "已不是草稿" in texts(page.text, "mobile-note")
    refused = browser.post(f"/mobile/pick/{number}", _pick("W1", "1"))
    assert refused.status_code == 422
    assert [ln[3] for ln in _lines(system, number)] == [48, 5]


def test_a_warehouse_keeper_saves_a_pick_at_the_order_prices(
    system: System, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    _order_number, number = _w1_delivery(system)
    make_user("keeper", "warehouse")  # sales.pick: quantities and batches, never prices
    make_user("looker", "viewer")
    keeper, looker = new_browser(), new_browser()
    keeper.login("keeper")
    looker.login("looker")
    page = keeper.get(f"/mobile/pick/{number}")
    assert page.status_code == 200
    assert f'"saveUrl": "/mobile/pick/{number}"' in page.text
    saved = keeper.post(f"/mobile/pick/{number}", _pick("W1", "12"))
    assert saved.status_code == 200, saved.text
    assert [ln[3] for ln in _lines(system, number)] == [12]  # W2 not picked: left out
    assert _document(system, number)["lines"][0]["price"] == Decimal("2.5")  # 60 a 箱 of 24
    assert '"saveUrl": ""' in looker.get(f"/mobile/pick/{number}").text
    refused = looker.post(f"/mobile/pick/{number}", _pick("W1", "1"))
    assert refused.status_code == 403
    assert refused.json()["error"]
    assert [ln[3] for ln in _lines(system, number)] == [12]


def test_a_warehouse_keeper_saves_a_receipt_at_the_order_prices(
    system: System, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    number = _order(system)
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    page = keeper.get(f"/mobile/receive/{number}")
    assert page.status_code == 200
    assert 'id="mobile-note"' not in page.text
    saved = keeper.post(
        f"/mobile/receive/{number}",
        [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", "3")],
    )
    assert saved.status_code == 200, saved.text
    receipt = _document(system, saved.json()["number"])
    assert receipt["lines"][0]["price"] == 2
    assert receipt["lines"][0]["qty"] == 3


def test_a_salesperson_checks_a_receipt_but_may_not_save_it(
    system: System, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    number = _order(system)
    make_user("seller", "sales")
    seller = new_browser()
    seller.login("seller")
    page = seller.get(f"/mobile/receive/{number}")
    assert page.status_code == 200
    assert 'id="mobile-note"' in page.text
    assert 'id="mobile-save"' not in page.text
    refused = seller.post(
        f"/mobile/receive/{number}",
        [("scan_product", "W1"), ("scan_unit", "瓶"), ("scan_qty", "1")],
    )
    assert refused.status_code == 403
    assert refused.json()["error"]


def test_receiving_shows_what_is_expected_in_cases_and_bottles(
    browser: Browser, system: System
) -> None:
    page = browser.get(f"/mobile/receive/{_order(system, '29')}")
    assert '"expected": "29"' in page.text
    assert '"expected_in_units": "1箱5瓶"' in page.text
