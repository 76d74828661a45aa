"""The exported 往来对账单 names what each entry comes from in the web screen's words."""

from __future__ import annotations

from openjxc.domain.trading.accounts import EntrySource
from openjxc.entrypoints.web.i18n import Translator
from openjxc.entrypoints.web.routes.finance import SOURCES
from openjxc.queries.reports.framework import Column
from openjxc.queries.trading.statement_export import COLUMNS, SOURCE_LABELS


def test_every_entry_source_has_the_labels_of_the_web_statement() -> None:
    zh, en = Translator("zh-CN"), Translator("en")
    assert set(SOURCE_LABELS) == {s.value for s in EntrySource} == set(SOURCES)
    for code, words in SOURCE_LABELS.items():
        assert words == (zh(SOURCES[code]), en(SOURCES[code])), code


def test_a_file_shows_a_coded_value_in_the_readers_words_and_other_text_as_it_is() -> None:
    source = next(c for c in COLUMNS if c.key == "source")
    assert source.shown("sales_delivery", "zh-CN") == "销售出库"
    assert source.shown("sales_delivery", "en") == "Sales delivery"
    assert source.shown("期初余额", "zh-CN") == "期初余额"
    assert Column("number", "单据编号", "Number").shown("sales_delivery", "zh-CN") == (
        "sales_delivery"
    )
