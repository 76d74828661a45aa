"""Pinyin initials, so 淡奶油 is found by typing "dny" (what Chinese users type to search).

pypinyin segments the text into phrases to choose the reading of a polyphonic character
(银行 háng, 行走 xíng), which costs about 70 µs a name: too slow for 100,000 imported
products. A character with a single reading has the same initial in every phrase, so a text
made only of such characters (and of letters and digits) is read character by character
from a cache; any polyphonic character sends the whole text through pypinyin as before.
"""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict


def initials(text: str, max_length: int = 100) -> str:
    """Lower-case initials of the Chinese characters; letters and digits are kept as they are."""
    quick = [_initial(ch) for ch in text]
    if None in quick:
        letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    else:
        letters = "".join(quick)  # type: ignore[arg-type]
    return "".join(ch for ch in letters.lower() if ch.isascii() and ch.isalnum())[:max_length]


@cache
def _initial(ch: str) -> str | None:
    """The initial of a character that has one reading (or is no Chinese character at all);
    None for a polyphonic one, whose reading depends on the phrase."""
    readings = pinyin_dict.get(ord(ch))
    if readings is None:
        return ch
    if "," in readings:
        return None
    return "".join(lazy_pinyin(ch, style=Style.FIRST_LETTER, errors="default"))
