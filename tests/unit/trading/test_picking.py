"""拣货: a draft delivery's lines become what was picked (pure, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from openjxc.domain.catalog.product import Product, ProductUnit, Tracking
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.domain.trading.picking import PickedLine, Scan, pick, version

WATER = Product("W1", "矿泉水", "瓶", units=[ProductUnit("箱", D(24))], id=1)
SODA = Product("W2", "苏打水", "个", id=2)
CREAM = Product("CREAM", "淡奶油", "kg", base_unit_decimals=3, tracking=Tracking.BATCH, id=3)
PRODUCTS = {p.id or 0: p for p in (WATER, SODA, CREAM)}
MADE, EXPIRES = dt.date(2026, 10, 1), dt.date(2026, 12, 1)


def _line(no: int, product: Product, qty: str, unit: str, **extra: object) -> DocumentLine:
    factor = product.factor_of(unit)
    line = DocumentLine(no, product.id or 0, unit, D(qty), factor, D(qty) * factor, id=100 + no)
    for name, value in extra.items():
        setattr(line, name, value)
    return line


def _delivery(*lines: DocumentLine) -> Document:
    doc = Document(DocumentType.SALES_DELIVERY, "XSCK20261121001", dt.date(2026, 11, 21), 1, 1)
    doc.lines = list(lines)
    return doc


def _ordered() -> Document:
    """2 箱 of water and 5 个 of soda, against order lines 11 and 12."""
    return _delivery(
        _line(1, WATER, "2", "箱", source_line_id=11, price=D(60), tax_rate=D("0.13")),
        _line(2, SODA, "5", "个", source_line_id=12, price=D(3), tax_rate=D("0.13")),
    )


def _shape(lines: list[PickedLine]) -> list[tuple[object, ...]]:
    return [(ln.product_id, ln.qty, ln.unit, ln.batch, ln.source_line_id) for ln in lines]


def test_picking_everything_keeps_every_line_with_its_order_line() -> None:
    scans = [Scan("W1", "1", unit="箱"), Scan("W1", "24"), Scan("W2", "5")]
    picked = pick(_ordered(), PRODUCTS, scans)
    assert _shape(picked) == [(1, 2, "箱", None, 11), (2, 5, "个", None, 12)]
    assert all(ln.price is None and ln.line_discount is None for ln in picked)  # the draft's terms


def test_a_short_pick_lowers_the_line_in_base_units_and_drops_lines_not_picked() -> None:
    picked = pick(_ordered(), PRODUCTS, [Scan("W1", "30")])
    assert _shape(picked) == [(1, 30, "瓶", None, 11)]


def test_a_pick_of_whole_cases_stays_in_cases() -> None:
    picked = pick(_ordered(), PRODUCTS, [Scan("W2", "2"), Scan("W1", "24")])
    assert _shape(picked) == [(1, 1, "箱", None, 11), (2, 2, "个", None, 12)]


def test_an_unordered_line_keeps_its_price_per_base_unit_and_shares_its_discount() -> None:
    delivery = _delivery(
        _line(1, WATER, "1", "箱", price=D(50), tax_rate=D("0.13"), line_discount=D("4.80"))
    )
    [line] = pick(delivery, PRODUCTS, [Scan("W1", "12")])
    assert (line.qty, line.unit, line.source_line_id) == (12, "瓶", None)
    # 50 a 箱 is 2.083333 a 瓶 (rounded to the price scale); half the 折扣额 for half the case
    assert (line.price, line.tax_rate, line.line_discount) == (D("2.083333"), D("0.13"), D("2.40"))


def test_a_line_discounted_by_rate_keeps_the_rate_not_an_amount() -> None:
    delivery = _delivery(
        _line(
            1, WATER, "1", "箱", price=D(48), line_discount_rate=D("0.1"), line_discount=D("4.80")
        )
    )
    [line] = pick(delivery, PRODUCTS, [Scan("W1", "1", unit="箱")])
    assert (line.price, line.line_discount_rate, line.line_discount) == (D(48), D("0.1"), None)


def test_two_batches_split_the_line_and_each_keeps_the_order_line() -> None:
    delivery = _delivery(_line(1, CREAM, "6", "kg", source_line_id=21))
    picked = pick(delivery, PRODUCTS, [Scan("CREAM", "2", "L2"), Scan("CREAM", "3", "L1")])
    assert _shape(picked) == [(3, 2, "kg", "L2", 21), (3, 3, "kg", "L1", 21)]


def test_a_lines_own_batch_is_filled_first_and_keeps_its_dates() -> None:
    delivery = _delivery(
        _line(1, CREAM, "2", "kg", batch_no="L1", production_date=MADE, expiry_date=EXPIRES),
        _line(2, CREAM, "2", "kg", batch_no="L2"),
    )
    picked = pick(delivery, PRODUCTS, [Scan("CREAM", "1", "L2"), Scan("CREAM", "2", "L1")])
    # L2 is scanned first, yet line 1 takes its own L1 and line 2 its own L2
    assert [(ln.qty, ln.batch) for ln in picked] == [(2, "L1"), (1, "L2")]
    assert (picked[0].production_date, picked[0].expiry_date) == (MADE, EXPIRES)
    other = pick(delivery, PRODUCTS, [Scan("CREAM", "1", "L9")])
    assert (other[0].batch, other[0].expiry_date) == ("L9", None)  # not line 1's batch


def test_picking_more_than_the_delivery_holds_is_refused_with_the_figures() -> None:
    with pytest.raises(ValidationError) as refused:
        pick(_ordered(), PRODUCTS, [Scan("W1", "40"), Scan("W1", "9")])
    assert refused.value.code == "over_pick"
    assert refused.value.params == {
        "product": "W1",
        "product_name": "矿泉水",
        "picked": "49",
        "expected": "48",
        "unit": "瓶",
        "number": "XSCK20261121001",
    }


def test_a_product_not_on_the_delivery_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        pick(_ordered(), PRODUCTS, [Scan("CREAM", "1")])
    assert refused.value.code == "not_on_delivery"
    assert refused.value.params == {"product": "CREAM", "number": "XSCK20261121001"}


def test_a_unit_no_line_of_the_product_is_counted_in_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        pick(_ordered(), PRODUCTS, [Scan("W1", "1", unit="托")])
    assert (refused.value.code, refused.value.params["unit"]) == ("unknown_unit", "托")


@pytest.mark.parametrize("qty", ["0", "-1"])
def test_a_pick_of_nothing_or_less_is_refused(qty: str) -> None:
    with pytest.raises(ValidationError) as refused:
        pick(_ordered(), PRODUCTS, [Scan("W1", qty)])
    assert refused.value.code == "not_positive"


def test_no_scans_at_all_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        pick(_ordered(), PRODUCTS, [])
    assert refused.value.code == "document_has_no_lines"


def test_a_delivery_changed_since_the_page_was_built_is_refused() -> None:
    delivery = _ordered()
    seen = version(delivery, PRODUCTS)
    assert pick(delivery, PRODUCTS, [Scan("W2", "1")], seen)  # unchanged: picked
    delivery.lines[0].base_qty = D(24)  # someone else's save
    with pytest.raises(Conflict) as refused:
        pick(delivery, PRODUCTS, [Scan("W2", "1")], seen)
    assert refused.value.code == "document_changed"


def test_the_version_changes_with_the_status_and_the_batches() -> None:
    delivery = _ordered()
    seen = version(delivery, PRODUCTS)
    delivery.status = Status.APPROVED
    assert version(delivery, PRODUCTS) != seen
    delivery.status, delivery.lines[1].batch_no = Status.DRAFT, "L1"
    assert version(delivery, PRODUCTS) != seen
    delivery.lines[1].batch_no = None
    assert version(delivery, PRODUCTS) == seen
