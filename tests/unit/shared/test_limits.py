"""The bounds on figures (domain.shared.limits): what one line, one document and one stock
stream may hold, so that no sum over them overflows a 64-bit integer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.domain.documents.document import DocumentLine
from openjxc.domain.shared import limits
from openjxc.domain.shared.errors import ValidationError

BIGINT = 2**63 - 1


def _line(**figures: Decimal) -> DocumentLine:
    line = DocumentLine(1, 1, "个", Decimal(1), Decimal(1), Decimal(1))
    for name, value in figures.items():
        setattr(line, name, value)
    return line


def test_a_full_document_of_the_largest_lines_sums_within_64_bits() -> None:
    # every line's 金额 and 税额 at the bound, on every line a document may have
    assert limits.MAX_LINES * 2 * limits.LINE_BOUND < BIGINT
    assert limits.LEDGER_BOUND < BIGINT


def test_the_largest_line_amount_is_accepted() -> None:
    largest = limits.MAX_LINE_AMOUNT - Decimal("0.01")
    _line(net_amount=largest, tax=Decimal(0)).check_size()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("qty", limits.MAX_LINE_QTY),
        ("base_qty", limits.MAX_LINE_QTY),
        ("price", limits.MAX_LINE_PRICE),
        ("unit_cost", -limits.MAX_LINE_PRICE),
        ("amount", limits.MAX_LINE_AMOUNT),
        ("net_amount", limits.MAX_LINE_AMOUNT),
    ],
)
def test_a_line_figure_at_the_bound_is_too_large(name: str, value: Decimal) -> None:
    with pytest.raises(ValidationError) as error:
        _line(**{name: value}).check_size()
    assert error.value.code == "number_too_large"
    assert error.value.params["field"] == ("qty" if name == "base_qty" else name)


def test_net_amount_and_tax_within_the_bound_apart_may_be_too_large_together() -> None:
    half = limits.MAX_LINE_AMOUNT / 2
    with pytest.raises(ValidationError) as error:
        _line(net_amount=half, tax=half).check_size()
    assert error.value.params["field"] == "total"


def test_a_running_value_past_the_ledger_bound_is_refused() -> None:
    limits.check_running(limits.MAX_LEDGER_QTY - 1, limits.MAX_LEDGER_VALUE - 1)
    with pytest.raises(ValidationError) as error:
        limits.check_running(Decimal(1), limits.MAX_LEDGER_VALUE)
    assert (error.value.code, error.value.params["field"]) == ("number_too_large", "value")
