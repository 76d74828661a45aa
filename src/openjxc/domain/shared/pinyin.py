"""Pinyin initials, so 淡奶油 is found by typing "dny" (what Chinese users type to search)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def initials(text: str, max_length: int = 100) -> str:
    """Lower-case initials of the Chinese characters; letters and digits are kept as they are."""
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    return "".join(ch for ch in letters.lower() if ch.isascii() and ch.isalnum())[:max_length]
