"""How trading documents follow one another."""

from __future__ import annotations

from openjxc.domain.documents.types import DocumentType as T
from openjxc.domain.trading.flow import DOWNSTREAM, UPSTREAM


def test_each_document_is_followed_by_the_type_whose_lines_name_it() -> None:
    assert DOWNSTREAM == {
        T.PURCHASE_ORDER: T.PURCHASE_RECEIPT,
        T.PURCHASE_RECEIPT: T.PURCHASE_RETURN,
        T.SALES_ORDER: T.SALES_DELIVERY,
        T.SALES_DELIVERY: T.SALES_RETURN,
    }
    assert all(UPSTREAM[after] is before for before, after in DOWNSTREAM.items())


def test_a_return_is_followed_by_nothing() -> None:
    assert T.PURCHASE_RETURN not in DOWNSTREAM
    assert T.SALES_RETURN not in DOWNSTREAM
