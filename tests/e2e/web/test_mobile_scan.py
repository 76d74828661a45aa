"""移动扫码 at phone width: keyboard-wedge scans, and the camera path with a fake detector."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared import clock
from openjxc.queries import documents as document_queries
from openjxc.services import organisations, partners, products, warehouses
from openjxc.services.inventory import approval as inventory_approval
from openjxc.services.inventory import documents as inventory_documents
from openjxc.services.inventory import stocktake
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import documents as trade_documents
from tests.e2e.web.conftest import log_in

PHONE = {"width": 360, "height": 740}

# a camera that films a black square, so the page's video plays without a device
FAKE_CAMERA = """
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  canvas.getContext("2d").fillRect(0, 0, 64, 64);
  return canvas.captureStream(5);
};
"""

# the browser's own BarcodeDetector, replaced by one that reads the W1 bottle barcode once
FAKE_DETECTOR = """
window.BarcodeDetector = class {
  constructor() { this.read = false; }
  async detect() {
    if (this.read) return [];
    this.read = true;
    return [{ rawValue: "6901234567892", format: "ean_13" }];
  }
};
"""


def _shop(system: System) -> None:
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("CW", "中央仓", "HQ"), actor, uow())
    products.create_product(
        products.ProductData(
            code="W1",
            name="矿泉水",
            base_unit="瓶",
            units=(UnitSpec("箱", "24", "16901234567899"),),
            barcodes=("6901234567892",),
        ),
        actor,
        uow(),
    )


def _receipt_page(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> Page:
    _shop(system)
    make_user("keeper", "admin")
    page = open_page(**PHONE)
    log_in(page, "keeper")
    page.goto("/mobile")
    page.click("#task-receipt button")
    expect(page.locator("#mobile-code")).to_be_visible()
    return page


def test_two_codes_scanned_with_a_keyboard_wedge_show_their_quantities(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    page = _receipt_page(open_page, make_user, system)
    box = page.locator("#mobile-code")
    for code in ("6901234567892", "6901234567892", "16901234567899"):
        box.fill(code)  # a wedge scanner types the code, then Enter
        box.press("Enter")
        expect(box).to_have_value("")
    row = page.locator('#scan-lines tr[data-product="W1"]')
    expect(row.locator(".scan-qty")).to_have_text("26")  # 2 瓶 + 1 箱 of 24
    expect(page.locator("#scan-result")).to_contain_text("矿泉水")
    box.fill("nope")
    box.press("Enter")
    expect(page.locator("#scan-result")).to_have_class(re.compile("alert-danger"))
    expect(page.locator("#scan-result")).to_contain_text("nope")
    expect(row.locator(".scan-qty")).to_have_text("26")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("#mobile-save")
    expect(page).to_have_url(re.compile(r"/documents/QTRK\d+$"))


def test_a_code_read_by_the_camera_detector_is_scanned(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    page = _receipt_page(open_page, make_user, system)
    page.add_init_script(FAKE_CAMERA + FAKE_DETECTOR)
    page.reload()
    page.click("#camera-toggle")
    row = page.locator('#scan-lines tr[data-product="W1"]')
    expect(row.locator(".scan-qty")).to_have_text("1")
    page.click("#camera-toggle")  # off again
    expect(page.locator("#camera")).to_be_hidden()


def test_without_a_native_detector_the_polyfill_and_its_wasm_come_from_our_static_files(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System, server: str
) -> None:
    page = _receipt_page(open_page, make_user, system)
    page.add_init_script(FAKE_CAMERA + "delete window.BarcodeDetector;")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    assert not any("ponyfill" in url for url in requested)  # loaded only for the camera
    with page.expect_request(lambda r: r.url.endswith(".wasm")) as wasm:
        page.click("#camera-toggle")
    assert wasm.value.url == f"{server}/static/vendor/zxing-wasm/zxing_reader.wasm"
    assert f"{server}/static/vendor/barcode-detector/ponyfill.js" in requested
    assert all(url.startswith(server) for url in requested), requested
    expect(page.locator("#camera")).to_be_visible()


def test_receiving_against_an_order_refuses_the_scan_beyond_the_ordered_quantity(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), actor, system.uow())
    order = trade_documents.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput(product="W1", qty="2", unit="瓶", price="2")],
    )
    number = trade_documents.create_trade_document(order, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())
    make_user("keeper", "admin")
    page = open_page(**PHONE)
    log_in(page, "keeper")
    page.goto("/mobile")
    page.click("#task-receive button")
    row = page.locator('#scan-lines tr[data-product="W1"]')
    expect(row).to_contain_text("矿泉水")  # expected before anything is scanned
    box = page.locator("#mobile-code")
    for _ in range(3):
        box.fill("6901234567892")
        box.press("Enter")
        expect(box).to_have_value("")
    expect(page.locator("#scan-result")).to_have_class(re.compile("alert-danger"))
    expect(page.locator("#scan-result")).to_contain_text("超出应收数量")
    expect(row.locator(".scan-qty")).to_have_text("2")
    expect(row.locator(".line-error")).to_be_visible()
    page.click("#mobile-save")
    expect(page).to_have_url(re.compile(r"/documents/CGRK\d+$"))


def test_a_keeper_receives_a_purchase_order_by_scanning_and_the_receipt_is_approved(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    actor = Actor.system()
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), actor, system.uow())
    order = trade_documents.TradeInput(
        type="purchase_order",
        date=clock.today(),
        warehouse="CW",
        partner="S1",
        lines=[trade_documents.TradeLineInput(product="W1", qty="2", unit="箱", price="24")],
    )
    number = trade_documents.create_trade_document(order, actor, system.uow()).number
    trade_approval.approve_trade_document(number, actor, system.uow())
    make_user("keeper", "warehouse")
    keeper = open_page(**PHONE)
    log_in(keeper, "keeper")
    keeper.goto("/mobile")
    keeper.select_option("#task-receive select", number)
    keeper.click("#task-receive button")
    expect(keeper).to_have_url(re.compile(f"/mobile/receive/{number}"))
    row = keeper.locator('#scan-lines tr[data-product="W1"]')
    expect(row).to_contain_text("48")  # expected: 2 箱 of 24 瓶
    box = keeper.locator("#mobile-code")
    for code in ("16901234567899", "6901234567892", "6901234567892"):  # a case, two bottles
        box.fill(code)
        box.press("Enter")
        expect(box).to_have_value("")
    expect(row.locator(".scan-qty")).to_have_text("26")
    keeper.click("#mobile-save")
    expect(keeper).to_have_url(re.compile(r"/documents/CGRK\d+$"))
    receipt = keeper.url.rsplit("/", 1)[1]
    expect(keeper.locator("#flash")).to_contain_text(receipt)
    expect(keeper.locator(".status-draft")).to_have_text("草稿")
    expect(keeper.locator('[aria-label="数量 1"]')).to_have_value("26")
    expect(keeper.locator("#trace")).to_contain_text(number)  # received against the order

    make_user("buyer", "admin")
    buyer = open_page()
    log_in(buyer, "buyer")
    buyer.goto("/trade/purchase")
    buyer.click(f'a[href="/documents/{receipt}"]')
    expect(buyer.locator("#f-partner")).to_have_value("S1")
    expect(buyer.locator("#total-total")).to_have_text("29.38")  # 26 × 1 + 13%
    buyer.click("#save-approve")
    expect(buyer.locator(".status-approved")).to_have_text("已审核")
    buyer.click(f"#trace >> text={number}")
    # ordered in 箱: what is done and open reads in 箱 too, beside the 瓶
    expect(buyer.locator(".line-done")).to_have_text("26 瓶1箱2瓶")
    expect(buyer.locator(".line-remaining")).to_have_text("22 瓶")  # less than a 箱


def test_counting_a_batch_tracked_product_asks_for_its_batch(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    actor = Actor.system()
    products.create_product(
        products.ProductData(
            "CREAM", "淡奶油", "kg", tracking="batch", barcodes=("6900000000017",)
        ),
        actor,
        system.uow(),
    )
    number = stocktake.create_stocktake("CW", actor, system.uow(), date=clock.today()).number
    make_user("keeper", "warehouse")
    page = open_page(**PHONE)
    log_in(page, "keeper")
    page.goto(f"/mobile/count/{number}")
    box = page.locator("#mobile-code")
    box.fill("6900000000017")
    box.press("Enter")
    batch = page.locator("#batch-input")
    expect(batch).to_be_focused()  # a wedge scanner now scans the batch label
    batch.fill("L7")
    batch.press("Enter")
    row = page.locator('#scan-lines tr[data-batch="L7"]')
    expect(row.locator(".scan-qty")).to_have_text("1")
    box.fill("6900000000017")
    box.press("Enter")
    expect(page.locator('#batch-ask .batch-choice[data-batch="L7"]')).to_be_visible()
    expect(batch).to_have_value("L7")  # the last batch of the product, ready to confirm
    page.click("#batch-ok")
    expect(row.locator(".scan-qty")).to_have_text("2")
    expect(page.locator("#batch-ask")).to_have_count(0)


def test_receiving_a_batch_tracked_product_asks_for_its_batch_and_saves_it(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    products.create_product(
        products.ProductData(
            "CREAM", "淡奶油", "kg", tracking="batch", barcodes=("6900000000017",)
        ),
        Actor.system(),
        system.uow(),
    )
    make_user("keeper", "admin")
    page = open_page(**PHONE)
    log_in(page, "keeper")
    page.goto("/mobile/receipt?warehouse=CW")
    box = page.locator("#mobile-code")
    for batch_no in ("L1", "L1", "L2"):
        box.fill("6900000000017")
        box.press("Enter")
        batch = page.locator("#batch-input")
        expect(batch).to_be_focused()  # a wedge scanner now scans the batch label
        batch.fill(batch_no)
        batch.press("Enter")
        expect(page.locator("#batch-ask")).to_have_count(0)
    expect(page.locator('#scan-lines tr[data-batch="L1"] .scan-qty')).to_have_text("2")
    expect(page.locator('#scan-lines tr[data-batch="L2"] .scan-qty')).to_have_text("1")
    page.click("#mobile-save")
    expect(page).to_have_url(re.compile(r"/documents/QTRK\d+$"))
    with system.read_sessions() as session:
        doc = document_queries.get_document(session, Actor.system(), page.url.rsplit("/", 1)[1])
    assert [(ln["batch"], ln["base_qty"]) for ln in doc["lines"]] == [("L1", 2), ("L2", 1)]


def test_picking_a_batch_tracked_product_asks_for_the_batch_and_splits_the_line(
    open_page: Callable[..., Page], make_user: Callable[..., None], system: System
) -> None:
    _shop(system)
    actor = Actor.system()
    products.create_product(
        products.ProductData(
            "CREAM", "淡奶油", "kg", tracking="batch", barcodes=("6900000000017",)
        ),
        actor,
        system.uow(),
    )
    stock = inventory_documents.DocumentInput(
        "opening_stock",
        clock.today(),
        "CW",
        [
            inventory_documents.LineInput("CREAM", "3", unit_cost="10", batch="L1"),
            inventory_documents.LineInput("CREAM", "5", unit_cost="10", batch="L2"),
        ],
    )
    opening = inventory_documents.create_document(stock, actor, system.uow()).number
    inventory_approval.approve_document(opening, actor, system.uow())
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), actor, system.uow())
    sale = trade_documents.TradeInput(
        type="sales_order",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        lines=[trade_documents.TradeLineInput(product="CREAM", qty="4", unit="kg", price="20")],
    )
    order = trade_documents.create_trade_document(sale, actor, system.uow()).number
    trade_approval.approve_trade_document(order, actor, system.uow())
    delivery = trade_documents.TradeInput(
        type="sales_delivery",
        date=clock.today(),
        warehouse="CW",
        partner="C1",
        from_documents=[order],
    )
    number = trade_documents.create_trade_document(delivery, actor, system.uow()).number
    make_user("picker", "sales")
    page = open_page(**PHONE)
    log_in(page, "picker")
    page.goto(f"/mobile/pick/{number}")
    box = page.locator("#mobile-code")
    for _ in range(3):
        box.fill("6900000000017")
        box.press("Enter")
        expect(page.locator('#batch-ask .batch-choice[data-batch="L2"]')).to_be_visible()
        page.click('#batch-ask .batch-choice[data-batch="L1"]')  # first expiry first
        expect(page.locator("#batch-ask")).to_have_count(0)
    box.fill("6900000000017")
    box.press("Enter")
    batch = page.locator("#batch-input")
    expect(batch).to_be_focused()  # a wedge scanner now scans the batch label
    batch.fill("L2")
    batch.press("Enter")
    expect(page.locator('#scan-lines tr[data-batch="L1"] .scan-qty')).to_have_text("3")
    expect(page.locator('#scan-lines tr[data-batch="L2"] .scan-qty')).to_have_text("1")
    box.fill("6900000000017")  # a fifth: more than the 4 to deliver
    box.press("Enter")
    page.click('#batch-ask .batch-choice[data-batch="L2"]')
    expect(page.locator("#scan-result")).to_have_class(re.compile("alert-danger"))
    page.click("#mobile-save")
    expect(page).to_have_url(re.compile(f"/documents/{number}$"))
    with system.read_sessions() as session:
        doc = document_queries.get_document(session, Actor.system(), number)
        order_line = document_queries.get_document(session, actor, order)["lines"][0]["id"]
    assert [(ln["batch"], ln["base_qty"], ln["source_line"]) for ln in doc["lines"]] == [
        ("L1", 3, order_line),
        ("L2", 1, order_line),
    ]
