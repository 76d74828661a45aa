"""Price level names: defaults, an empty name restores the default, names stay distinct."""

from __future__ import annotations

import pytest

from openjxc.domain.catalog.price_levels import check_distinct, check_names, level_names
from openjxc.domain.shared.errors import ValidationError


def test_every_level_has_a_name_by_default() -> None:
    names = level_names(None)
    assert (names[1], names[2], names[3]) == ("零售价", "批发价", "会员价")
    assert len(names) == 10
    assert names[7] == "等级价7"


def test_a_stored_name_replaces_the_default_and_an_empty_one_restores_it() -> None:
    assert level_names({"2": "二批价"})[2] == "二批价"
    assert check_names({1: "  ", 2: " 二批价 "}) == {1: "零售价", 2: "二批价"}


def test_a_level_outside_one_to_ten_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        check_names({11: "x"})
    assert refused.value.params["field"] == "price_level"


def test_a_name_with_a_line_break_or_too_long_is_refused_on_its_level() -> None:
    for bad in ("零售\n价", "价" * 21):
        with pytest.raises(ValidationError) as refused:
            check_names({3: bad})
        assert refused.value.params["field"] == "price_level_names.2"


def test_two_levels_of_one_name_are_refused_on_the_later_level() -> None:
    with pytest.raises(ValidationError) as refused:
        check_distinct({1: "批发价", 2: "批发价"})
    assert (refused.value.code, refused.value.params["field"]) == (
        "duplicate",
        "price_level_names.1",
    )
