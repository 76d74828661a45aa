"""Initials read character by character give what pypinyin's phrase reading gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from openjxc.domain.shared.pinyin import initials


def _by_phrase(text: str) -> str:
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    return "".join(ch for ch in letters.lower() if ch.isascii() and ch.isalnum())[:100]


def test_a_polyphonic_character_is_read_in_its_phrase() -> None:
    assert initials("银行") == "yh"  # 行 is háng here, xíng in 行走
    assert initials("行走") == "xz"


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
            st.sampled_from("AbZ019 -kg·（）"),
        ),
        max_size=12,
    )
)
def test_initials_agree_with_reading_the_whole_text(text: str) -> None:
    assert initials(text) == _by_phrase(text)
