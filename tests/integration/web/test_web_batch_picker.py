"""批次选择: an issue line of a batch-tracked product offers the warehouse's batches."""

from __future__ import annotations

import json
import re

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import products
from openjxc.services.inventory import holds
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture
def cream(shop: None, system: System, browser: Browser) -> None:
    """淡奶油 CREAM (batch-tracked, kg) in CW: L-LATE 5, L-SOON 3, L-OLD 2 (expired), L-NONE 1
    without expiry, L-HELD 4 on hold; 7 kg of L-SOON in SW."""
    data = products.ProductData("CREAM", "淡奶油", "kg", tracking="batch")
    products.create_product(data, Actor.system(), system.uow())
    stock = {
        "CW": [
            ("L-LATE", "5", "2027-03-01"),
            ("L-SOON", "3", "2026-12-10"),
            ("L-OLD", "2", "2026-11-25"),
            ("L-NONE", "1", ""),
            ("L-HELD", "4", "2027-01-01"),
        ],
        "SW": [("L-SOON", "7", "2026-12-10")],
    }
    for warehouse, lines in stock.items():
        form = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", warehouse)]
        for batch, qty, expiry in lines:
            form += [
                ("line_product", "CREAM"),
                ("line_unit", "kg"),
                ("line_qty", qty),
                ("line_cost", "10"),
                ("line_batch", batch),
                ("line_expiry", expiry),
            ]
        response = browser.post("/documents/new", [*form, ("then", "approve")])
        assert "status-approved" in response.text, response.text
    holds.set_hold("CREAM", "L-HELD", True, "质检", Actor.system(), system.uow())


@pytest.mark.usefixtures("cream")
def test_the_batches_of_a_product_come_in_fefo_order_with_expired_and_held_marked(
    browser: Browser,
) -> None:
    response = browser.get("/lookup/batches?product=CREAM&warehouse=CW&day=2026-12-01")
    assert response.status_code == 200
    rows = response.json()["batches"]
    assert [r["batch"] for r in rows] == ["L-OLD", "L-SOON", "L-HELD", "L-LATE", "L-NONE"]
    by_batch = {r["batch"]: r for r in rows}
    assert by_batch["L-OLD"] == {
        "batch": "L-OLD",
        "expiry": "2026-11-25",
        "available": "2",
        "expired": True,
        "on_hold": False,
    }
    assert by_batch["L-SOON"]["available"] == "3"
    assert not by_batch["L-SOON"]["expired"]
    assert by_batch["L-HELD"]["on_hold"]
    assert by_batch["L-HELD"]["available"] == "0"
    assert by_batch["L-NONE"]["expiry"] == ""
    assert not by_batch["L-NONE"]["expired"]


@pytest.mark.usefixtures("cream")
def test_only_the_line_warehouse_batches_are_offered(browser: Browser) -> None:
    rows = browser.get("/lookup/batches?product=CREAM&warehouse=SW&day=2026-12-01").json()
    assert rows["batches"] == [
        {
            "batch": "L-SOON",
            "expiry": "2026-12-10",
            "available": "7",
            "expired": False,
            "on_hold": False,
        }
    ]


def test_an_unknown_warehouse_is_a_translated_error(browser: Browser) -> None:
    response = browser.get("/lookup/batches?product=W1&warehouse=NOPE")
    assert response.status_code == 422
    assert "NOPE" in response.json()["error"]


def _editor_options(html: str) -> list[object]:
    match = re.search(r"x-data='billEditor\((.*)\)'", html)
    assert match, "no bill editor on the page"
    return json.loads(f"[{match.group(1)}]")  # type: ignore[no-any-return]


@pytest.mark.usefixtures("cream")
def test_issue_editors_pick_batches_and_receipt_editors_type_them(browser: Browser) -> None:
    issue = browser.get("/documents/new?type=other_issue").text
    assert _editor_options(issue)[-1] is True
    assert 'class="form-select form-select-sm line-batch"' in issue
    assert "自动(先到期先出)" in issue  # the empty choice: FEFO, in the default language
    assert _editor_options(browser.get("/documents/new?type=transfer").text)[-1] is True
    assert _editor_options(browser.get("/documents/new?type=other_receipt").text)[-1] is False


@pytest.mark.usefixtures("cream")
def test_an_issue_with_the_batch_left_empty_is_still_fefo_and_a_picked_batch_is_kept(
    browser: Browser, system: System
) -> None:
    form = [("type", "other_issue"), ("date", "2026-12-01"), ("warehouse", "CW")]
    for batch in ("", "L-LATE"):
        form += [
            ("line_product", "CREAM"),
            ("line_unit", "kg"),
            ("line_qty", "1"),
            ("line_batch", batch),
            ("line_expiry", ""),
        ]
    response = browser.post("/documents/new", [*form, ("then", "approve")])
    assert "status-approved" in response.text, response.text
    after = browser.get("/lookup/batches?product=CREAM&warehouse=CW&day=2026-12-01").json()
    available = {r["batch"]: r["available"] for r in after["batches"]}
    # FEFO skips the expired L-OLD and takes L-SOON; the picked line takes L-LATE
    assert available["L-SOON"] == "2"
    assert available["L-LATE"] == "4"
    assert available["L-OLD"] == "2"
