"""How large a figure may be, so that no sum the system computes over it can overflow.

Every figure is stored as a signed 64-bit integer scaled by ``10**scale`` (numbers.py), which
holds up to 2**63 − 1 ≈ 9.22 × 10**18. Four bounds, each on the scaled integer:

* a **stored figure** is below 10**18 (``numbers.exact``: 10**12 base units, 10**16 yuan);
* a **line figure** — a quantity, price or cost, and every amount of a line (金额, 税额,
  价税合计, 折扣额, value) — is below 10**15: 10**9 base units, 10**9 yuan a unit, 10**13
  yuan (10 万亿元) a line. A document has at most MAX_LINES (2,000) lines, so any sum over
  one document, even of two figures a line (金额 + 税额), stays below 4 × 10**18;
* a **document total** (价税合计 of all its lines, 整单优惠) is below 10**15 too, so a list's
  or a partner's sum overflows only past 9,000 documents each at the bound (9 × 10**16
  yuan, far beyond any business);
* a **ledger running value** (on hand and value of a stock stream, a partner's balance) is
  below 10**18, the stored bound, checked when a posting computes it.

Sums over many documents (reports, a whole table) are not bounded by any of these: the
read side keeps them exact as the databases sum — PostgreSQL's ``SUM(bigint)`` is NUMERIC,
and SQLite's overflowing ``SUM`` is done again exactly (adapters/db/engine.py).
"""

from __future__ import annotations

from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, plain

#: lines a document may have (every sum over one document is bounded by it)
MAX_LINES = 2000
#: a line's figures, scaled: below 10**15
LINE_BOUND = 10**15
#: a stock stream's or a partner's running values, scaled: below 10**18 (what may be stored)
LEDGER_BOUND = 10**18

MAX_LINE_QTY = Decimal(LINE_BOUND).scaleb(-QTY_SCALE)  # 10**9 base units
MAX_LINE_PRICE = Decimal(LINE_BOUND).scaleb(-PRICE_SCALE)  # 10**9 yuan a unit
MAX_LINE_AMOUNT = Decimal(LINE_BOUND).scaleb(-MONEY_SCALE)  # 10**13 yuan
MAX_DOCUMENT_TOTAL = MAX_LINE_AMOUNT
MAX_LEDGER_QTY = Decimal(LEDGER_BOUND).scaleb(-QTY_SCALE)  # 10**12 base units
MAX_LEDGER_VALUE = Decimal(LEDGER_BOUND).scaleb(-MONEY_SCALE)  # 10**16 yuan

_SCALES = {"qty": QTY_SCALE, "price": PRICE_SCALE, "money": MONEY_SCALE}


def within(value: Decimal | None, field: str, kind: str, bound: int = LINE_BOUND) -> None:
    """Refuse ``value`` (a figure of ``kind`` qty, price or money) when its scaled size
    reaches ``bound``: ``number_too_large`` naming the field and the largest allowed."""
    if value is None:
        return
    maximum = Decimal(bound).scaleb(-_SCALES[kind])
    if abs(value) >= maximum:
        raise ValidationError(
            "number_too_large", field=field, value=plain(value), maximum=plain(maximum)
        )


def check_running(qty: Decimal, value: Decimal) -> None:
    """Refuse a stock stream's running quantity or value that reaches the ledger's bound."""
    within(qty, "qty", "qty", LEDGER_BOUND)
    within(value, "value", "money", LEDGER_BOUND)
