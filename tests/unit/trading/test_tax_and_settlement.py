"""Pure trading rules: line amounts and tax, settlement allocation, order progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from openjxc.domain.documents.status import Status
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading.accounts import OpenItem
from openjxc.domain.trading.orders import fulfilment_status
from openjxc.domain.trading.settlement import allocate
from openjxc.domain.trading.tax import line_amounts, share


def test_tax_is_computed_per_line_and_rounded_half_up() -> None:
    amounts = line_amounts(D("3"), D("3.35"), D("0.13"), tax_included=False)
    # 10.05 × 13% = 1.3065 → 1.31
    assert (amounts.net_amount, amounts.tax, amounts.total) == (D("10.05"), D("1.31"), D("11.36"))


def test_a_tax_inclusive_price_fixes_the_total() -> None:
    amounts = line_amounts(D("3"), D("11.30"), D("0.13"), tax_included=True)
    assert (amounts.net_amount, amounts.tax, amounts.total) == (D("30.00"), D("3.90"), D("33.90"))
    assert amounts.price == D("10.000000")


def test_a_partial_share_is_rounded_and_a_whole_share_is_exact() -> None:
    assert share(D("100.00"), D("1"), D("3")) == D("33.33")
    assert share(D("100.00"), D("3"), D("3")) == D("100.00")
    assert share(D("100.00"), D("1"), D("0")) == D("0")


def _item(entry_id: int, day: int, open_: str) -> OpenItem:
    return OpenItem(entry_id, f"N{entry_id}", date(2026, 10, day), None, D(open_), D(open_))


def test_automatic_settlement_takes_the_oldest_first_and_stops_when_spent() -> None:
    charges = [_item(2, 5, "50"), _item(1, 1, "30"), _item(3, 9, "40")]
    assert allocate(D("60"), charges) == [(1, D("30")), (2, D("30"))]


def test_chosen_settlement_cannot_exceed_the_open_amount_or_the_money() -> None:
    charges = [_item(1, 1, "30"), _item(2, 5, "50")]
    assert allocate(D("60"), charges, {2: D("50")}) == [(2, D("50"))]
    with pytest.raises(ValidationError) as too_much:
        allocate(D("100"), charges, {1: D("31")})
    assert too_much.value.code == "settlement_exceeds_open"
    with pytest.raises(ValidationError) as over:
        allocate(D("60"), charges, {1: D("30"), 2: D("40")})
    assert over.value.code == "settlement_exceeds_amount"


def test_an_order_is_partial_until_every_line_is_done() -> None:
    assert fulfilment_status([(D(10), D(0)), (D(5), D(0))]) is Status.APPROVED
    assert fulfilment_status([(D(10), D(10)), (D(5), D(0))]) is Status.PARTIAL
    assert fulfilment_status([(D(10), D(11)), (D(5), D(5))]) is Status.COMPLETED
