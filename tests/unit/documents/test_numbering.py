"""Document number prefixes: the convention, a company's own, and what is refused."""

from __future__ import annotations

import pytest

from openjxc.domain.documents.numbering import DEFAULT_PREFIXES, checked_prefixes, prefixes
from openjxc.domain.shared.errors import ValidationError


def test_the_convention_covers_documents_and_payments() -> None:
    assert DEFAULT_PREFIXES["sales_delivery"] == "XSCK"
    assert DEFAULT_PREFIXES["customer_receipt"] == "SKD"
    assert DEFAULT_PREFIXES["supplier_payment"] == "FKD"
    assert len(set(DEFAULT_PREFIXES.values())) == len(DEFAULT_PREFIXES)  # one per kind


def test_only_what_differs_from_the_convention_is_kept_upper_cased() -> None:
    chosen = checked_prefixes({"sales_delivery": " sd ", "purchase_order": "CGDD"})
    assert chosen == {"sales_delivery": "SD"}
    assert prefixes(chosen)["sales_delivery"] == "SD"
    assert prefixes(chosen)["purchase_order"] == "CGDD"


@pytest.mark.parametrize("bad", ["", "1AB", "TOOLONG", "X-1", "销售"])
def test_a_malformed_prefix_is_refused_on_its_type(bad: str) -> None:
    with pytest.raises(ValidationError) as refused:
        checked_prefixes({"sales_delivery": bad})
    assert refused.value.code == "invalid_prefix"
    assert refused.value.params["field"] == "sales_delivery"


def test_two_types_may_not_share_a_prefix() -> None:
    with pytest.raises(ValidationError) as refused:
        checked_prefixes({"sales_delivery": "CGRK"})  # the purchase receipt's
    assert refused.value.code == "duplicate_prefix"


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        checked_prefixes({"nothing": "AB"})
    assert refused.value.code == "invalid_choice"
