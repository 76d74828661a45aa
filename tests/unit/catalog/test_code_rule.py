import pytest

from openjxc.domain.catalog.code_rule import DEFAULT_RULE, CodeRule
from openjxc.domain.shared.errors import ValidationError


def test_the_default_rule_is_the_leaf_category_code_and_a_four_digit_number() -> None:
    rule = CodeRule.parse(DEFAULT_RULE)
    assert rule.prefix(["01", "0102"]) == "0102"
    assert rule.render(["01", "0102"], 7) == "01020007"
    assert rule.render(["01", "0102"], 12345) == "010212345"  # widens, never wraps


def test_a_plain_rule_counts_one_sequence_for_all_products() -> None:
    rule = CodeRule.parse("P{seq:05d}")
    assert rule.prefix(["01"]) == rule.prefix([]) == "P"
    assert rule.render([], 1) == "P00001"


def test_the_category_path_joins_codes_from_root_to_leaf() -> None:
    rule = CodeRule.parse("{category_path}{seq:03d}")
    assert rule.render(["01", "A"], 1) == "01A001"


def test_a_product_without_category_gets_the_bare_number() -> None:
    assert CodeRule.parse(DEFAULT_RULE).render([], 1) == "0001"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "P",
        "{seq}{seq}",
        "{sku}{seq}",
        "{seq:>5}",
        "P {seq}",
        "{category:3}{seq}",
        "{seq!r}",
        "{",
    ],
)
def test_invalid_rules_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        CodeRule.parse(bad)
    assert error.value.code == "invalid_code_rule"


def test_a_rule_whose_codes_would_exceed_32_characters_is_refused_before_counting() -> None:
    rule = CodeRule.parse("{category_path}{seq:04d}")
    with pytest.raises(ValidationError) as error:
        rule.prefix(["A" * 20, "B" * 10])
    assert error.value.code == "generated_code_too_long"
