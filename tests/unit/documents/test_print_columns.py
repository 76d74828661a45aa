"""The printed columns per document type and the rule for the company's choice."""

import pytest

from openjxc.domain.documents import print_columns
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.web import print_layout


def test_every_printable_type_has_a_title_and_every_title_a_type() -> None:
    assert set(print_layout.TITLES) == set(print_columns.PRINTABLE_TYPES)


def test_a_choice_is_kept_in_print_order_and_the_defaults_store_nothing() -> None:
    assert print_columns.setting_columns("transfer", ["qty", "product"]) == ["product", "qty"]
    defaults = [c.key for c in print_columns.columns_of("transfer") if c.default]
    assert print_columns.setting_columns("transfer", list(reversed(defaults))) == []


def test_a_column_the_type_cannot_print_or_none_at_all_is_refused() -> None:
    with pytest.raises(ValidationError) as unknown:
        print_columns.setting_columns("transfer", ["line_total"])  # a trading column
    assert unknown.value.code == "invalid_choice"
    with pytest.raises(ValidationError) as empty:
        print_columns.setting_columns("stocktake", [])
    assert empty.value.code == "no_print_columns"


def test_one_printout_falls_back_to_the_defaults_when_nothing_known_is_asked() -> None:
    keys = [c.key for c in print_columns.chosen_columns("sales_delivery", "qty,bogus,product")]
    assert keys == ["product", "qty"]
    fallback = print_columns.chosen_columns("sales_delivery", "bogus")
    assert fallback == [c for c in print_columns.columns_of("sales_delivery") if c.default]
