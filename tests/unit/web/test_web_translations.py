"""The web UI's texts: every one is in the catalog, translated to Chinese, none hard-coded."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from openjxc.entrypoints.web import i18n
from openjxc.entrypoints.web.i18n import Translator

WEB = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "N_": None, "t": None, "say": (2,)}
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
#: text a template may show untranslated: the product's name, symbols
ALLOWED = {
    "OpenJXC",
    "✕",
    "—",
    "→",
    "¥",
    "‹",
    "›",
    "#",
    "+",
    "·",
    "⏳",
    "×",
    "!",
    "=",
    ",",
    "(",
    ")",
    "/",
    "–",
}


def _catalog(lang: str) -> dict[str, str]:
    with (WEB / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id}


def _used() -> set[str]:
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = extract_from_dir(str(WEB), METHODS, options_map=options, keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def test_every_text_of_the_ui_is_in_both_catalogs() -> None:
    used = _used()
    assert "Purchasing" in used  # the extraction itself works
    assert used - set(_catalog("zh_CN")) == set(), "run scripts/web-translations"
    assert used - set(_catalog("en")) == set(), "run scripts/web-translations"


def test_every_text_has_a_chinese_translation() -> None:
    untranslated = [k for k, v in _catalog("zh_CN").items() if not v]
    assert untranslated == []


def test_the_menu_reads_in_chinese_by_default_and_in_english_on_request() -> None:
    zh, en = Translator("zh-CN"), Translator("en")
    assert [zh(s) for s in ("Purchasing", "Sales", "Warehouse", "Finance", "Reports")] == [
        "采购",
        "销售",
        "仓库",
        "财务",
        "报表",
    ]
    assert zh("Master data") == "资料"
    assert zh("Settings") == "设置"
    assert en("Master data") == "Master data"
    assert zh("%(number)s approved.", number="QTRK001") == "QTRK001 已审核。"


def test_templates_hard_code_no_text() -> None:
    offenders = []
    for template in (WEB / "templates").rglob("*.html"):
        source = template.read_text()
        source = re.sub(r"<script\b.*?</script>", "", source, flags=re.S)
        source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
        source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
        for word in source.split():
            if word not in ALLOWED and re.search(r"[A-Za-z\u4e00-\u9fff]", word):
                offenders.append(f"{template.name}: {word}")
    assert offenders == []
