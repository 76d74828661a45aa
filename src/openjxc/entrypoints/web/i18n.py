"""Translations of the web UI: Babel catalogs (``locale/<lang>/LC_MESSAGES/messages.po``).

The ``.po`` files are the source of truth and are compiled in memory when the app starts,
so a fresh clone needs no build step and a stale ``.mo`` can never be served. Message ids are
English; zh_CN is the default language of the UI.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from openjxc.config import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

LOCALE_DIR = Path(__file__).parent / "locale"
#: the UI's language codes (as settings and users store them) -> Babel locale names
LOCALES = {"zh-CN": "zh_CN", "en": "en"}
LANGUAGE_NAMES = {"zh-CN": "简体中文", "en": "English"}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def language(value: object) -> str:
    """A supported language code, the default for anything else."""
    return value if isinstance(value, str) and value in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang`` (built once per process)."""
    path = LOCALE_DIR / LOCALES[language(lang)] / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=LOCALES[language(lang)])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


class Translator:
    """``gettext`` for one language, with ``%(name)s`` parameters."""

    def __init__(self, lang: str):
        self.lang = language(lang)
        self._t = translations(self.lang)

    def __call__(self, message: str, **params: Any) -> str:
        text = self._t.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": n, **params}
