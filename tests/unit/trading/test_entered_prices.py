"""Prices and tax rates as people type them: parse_tax_rate, price_with_tax, as_entered."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import as_entered
from openjxc.domain.trading.tax import (
    parse_tax_rate,
    price_with_tax,
    price_without_tax,
    reference_price,
)


@pytest.mark.parametrize(
    ("typed", "rate"),
    [
        ("13", D("0.13")),
        ("13%", D("0.13")),
        (" 13 % ", D("0.13")),
        ("0.13", D("0.13")),
        (".06", D("0.06")),
        (D("0.09"), D("0.09")),
        (13, D("0.13")),
        ("9.5", D("0.095")),
        ("1", D("0.01")),  # a whole number is a percent: rates people type are percents
        ("1.0", D("0.01")),
        ("0", D("0")),
        ("0%", D("0")),
        ("0.0", D("0")),
    ],
)
def test_a_tax_rate_is_read_as_people_type_it(typed: object, rate: D) -> None:
    assert parse_tax_rate(typed) == rate


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("100", "out_of_range"),
        ("100%", "out_of_range"),
        ("-13", "out_of_range"),
        ("13%%", "not_a_number"),
        ("abc", "not_a_number"),
        ("", "not_a_number"),
        ("13.123%", "too_many_decimals"),
        (1.3, "not_a_number"),
    ],
)
def test_a_tax_rate_that_is_no_rate_is_refused_naming_the_field(typed: object, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_tax_rate(typed)
    assert (refused.value.code, refused.value.params["field"]) == (code, "tax_rate")


def test_a_net_price_is_offered_tax_inclusive_to_four_decimals() -> None:
    assert price_with_tax(D("141.59292"), D("0.13")) == D("160.0000")
    assert price_with_tax(D("15"), D("0.13")) == D("16.9500")
    assert price_with_tax(D("1.23456"), D("0.09")) == D("1.3457")  # 1.3456704, half up
    assert price_with_tax(D("15"), D("0")) == D("15.0000")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("160"), "160.00"),
        (D("160.0000"), "160.00"),
        (D("141.5"), "141.50"),
        (D("141.59"), "141.59"),
        (D("3.1416"), "3.1416"),
        (D("141.59292"), "141.59292"),
        (D("0"), "0.00"),
    ],
)
def test_a_price_is_shown_with_its_own_two_to_four_decimals(value: D, shown: str) -> None:
    assert as_entered(value) == shown


@pytest.mark.parametrize("rate", ["0", "0.03", "0.06", "0.09", "0.13", "0.1700"])
def test_a_reference_price_typed_tax_inclusive_reads_back_as_typed(rate: str) -> None:
    """Stored ex tax to 6 decimals, a 含税 price to 4 decimals always comes back exactly."""
    tax_rate = D(rate)
    for cents in (1, 99, 1200, 1234_56, 999_999_99):
        for step in (D("0.01"), D("0.0001")):
            gross = D(cents) * step
            stored = price_without_tax(gross, tax_rate)
            assert reference_price(stored, tax_rate, True) == gross
            assert reference_price(stored, tax_rate, False) == stored
