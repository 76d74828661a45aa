"""Reports show a coded value (a document type, an alert level, a reason) in words."""

import pytest

from openjxc.queries.reports import REPORTS


@pytest.mark.parametrize(
    ("report", "key", "code", "zh", "en"),
    [
        ("sales-detail", "type", "sales_return", "销售退货", "Sales return"),
        ("purchase-detail", "type", "purchase_receipt", "采购入库", "Purchase receipt"),
        ("stock-alerts", "level", "below_safety", "低于安全库存", "Below safety stock"),
        ("slow-moving", "reason", "no_movement", "无出库", "No movement"),
    ],
)
def test_a_coded_cell_is_shown_in_the_readers_words(
    report: str, key: str, code: str, zh: str, en: str
) -> None:
    column = next(c for c in REPORTS[report].columns if c.key == key)
    assert (column.shown(code, "zh-CN"), column.shown(code, "en")) == (zh, en)
    assert column.shown("unknown_code", "zh-CN") == "unknown_code"
