"""大写金额: known examples, and every amount read back to itself."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openjxc.domain.shared.money_words import DIGITS, money_in_words

EXAMPLES = {
    "1234.56": "壹仟贰佰叁拾肆元伍角陆分",
    "0": "零元整",
    "0.00": "零元整",
    "1": "壹元整",
    "10": "壹拾元整",
    "15.5": "壹拾伍元伍角整",
    "0.56": "伍角陆分",
    "0.05": "伍分",
    "1.05": "壹元零伍分",
    "100.10": "壹佰元壹角整",
    "1001": "壹仟零壹元整",
    "1010": "壹仟零壹拾元整",
    "105000": "壹拾万伍仟元整",
    "100000": "壹拾万元整",
    "1000100": "壹佰万零壹佰元整",
    "10001000": "壹仟万壹仟元整",
    "100010000": "壹亿零壹万元整",
    "100000001": "壹亿零壹元整",
    "1680.32": "壹仟陆佰捌拾元叁角贰分",
    "107000.53": "壹拾万柒仟元伍角叁分",
    "325.04": "叁佰贰拾伍元零肆分",
    "-48.00": "负肆拾捌元整",
    "9999999999999999.99": "玖仟玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
}


@pytest.mark.parametrize(("amount", "words"), EXAMPLES.items())
def test_known_amounts_are_written_as_a_cashier_writes_them(amount: str, words: str) -> None:
    assert money_in_words(Decimal(amount)) == words


@pytest.mark.parametrize("amount", ["1.005", "NaN", "Infinity", "10000000000000000"])
def test_amounts_that_are_not_whole_fen_or_too_large_are_refused(amount: str) -> None:
    with pytest.raises(ValueError, match=r"not an amount in fen|too large to write out"):
        money_in_words(Decimal(amount))


_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
_GROUPS = {"万亿": 10**12, "亿": 10**8, "万": 10**4}


def _read_group(text: str) -> int:
    total, digit = 0, 0
    for char in text:
        if char in _UNITS:
            total += digit * _UNITS[char]
            digit = 0
        elif char != "零":
            digit = DIGITS.index(char)
    return total + digit


def _read(words: str) -> Decimal:
    """An independent reader of 大写金额 (split on the big units, then on 拾佰仟)."""
    sign = -1 if words.startswith("负") else 1
    words = words.removeprefix("负").removesuffix("整")
    yuan_text, _, small = words.rpartition("元") if "元" in words else ("", "", words)
    yuan = 0
    for name, size in _GROUPS.items():
        if name in yuan_text:
            head, yuan_text = yuan_text.split(name, 1)
            yuan += _read_group(head) * size
    yuan += _read_group(yuan_text)
    jiao = re.search(r"(.)角", small)
    fen = re.search(r"(.)分", small)
    cents = (DIGITS.index(jiao.group(1)) * 10 if jiao else 0) + (
        DIGITS.index(fen.group(1)) if fen else 0
    )
    return sign * (Decimal(yuan) + Decimal(cents) / 100)


amounts = st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1).map(
    lambda fen: Decimal(fen).scaleb(-2)
)


@given(amounts)
def test_every_amount_reads_back_to_itself(amount: Decimal) -> None:
    assert _read(money_in_words(amount)) == amount


@given(amounts)
def test_the_words_never_double_or_dangle_a_zero(amount: Decimal) -> None:
    words = money_in_words(amount)
    assert "零零" not in words
    if amount:
        assert not re.search(r"零(元|万|亿|整|$)", words)
        assert words.endswith(("分", "整"))
