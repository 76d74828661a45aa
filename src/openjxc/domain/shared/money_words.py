"""大写金额: an amount in yuan written in Chinese financial capitals, as on 送货单 and cheques.

壹仟贰佰叁拾肆元伍角陆分 for 1234.56. The rules are those of the 支付结算办法: capital digits
with 拾/佰/仟 inside groups of four and 万/亿 between them, one 零 for any run of zeros inside
the yuan, 元 always written when there are yuan, 零 before a lone 分, and 整 when the
amount stops at 元 or 角. Arithmetic is on the exact Decimal: nothing is rounded here.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_INSIDE = ("", "拾", "佰", "仟")  # positions inside a group of four digits
_GROUPS = ("", "万", "亿", "万亿")  # the groups of four, from the right
LIMIT = Decimal(10) ** (4 * len(_GROUPS))  # 10**16 yuan: beyond any document


def money_in_words(amount: Decimal) -> str:
    """``amount`` (at most two decimals, below 10**16 in size) in Chinese capitals."""
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"not an amount in fen: {amount}")
    if abs(amount) >= LIMIT:
        raise ValueError(f"amount too large to write out: {amount}")
    fen_total = int(abs(amount) * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    sign = "负" if amount < 0 and fen_total else ""
    if fen_total == 0:
        return "零元整"
    words = _yuan(yuan) + "元" if yuan else ""
    if jiao:
        words += DIGITS[jiao] + "角"
    if fen:
        words += ("零" if yuan and not jiao else "") + DIGITS[fen] + "分"
    else:
        words += "整"
    return sign + words


def _yuan(number: int) -> str:
    groups = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    words, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(words)
            continue
        if words and (zero_pending or group < 1000):
            words += "零"
        words += _group(group) + _GROUPS[index]
        zero_pending = False
    return words


def _group(number: int) -> str:
    """One group of up to four digits; inner runs of zeros become one 零, trailing ones none."""
    words, zero_pending = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero_pending = bool(words)
            continue
        if zero_pending:
            words += "零"
        words += DIGITS[digit] + _INSIDE[position]
        zero_pending = False
    return words
