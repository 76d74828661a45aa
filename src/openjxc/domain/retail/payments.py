"""How a retail transaction is paid: tenders by method, change, 挂账, and 抹零.

The amounts of the goods (price, line discount, 整单折扣, tax per line) follow the sales rules
(``services/trading/amounts``); what retail adds is the till: the payments must cover the
total exactly once change is given back, change comes only out of cash, and the part put
on a customer's account (挂账, method ``credit``) becomes a receivable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO

CASH = "cash"  # 现金: the only method change is given from
CREDIT = "credit"  # 挂账: on the customer's account, a receivable
#: the methods a company starts with (setting ``retail_payment_methods`` changes them)
DEFAULT_METHODS: tuple[str, ...] = (CASH, "wechat", "alipay", "card", CREDIT, "other")
#: 抹零 takes the odd jiao and fen off a bill: less than one yuan
MAX_ROUNDING = Decimal("0.99")


@dataclass(frozen=True)
class Tender:
    """One payment line: ``amount`` of ``method`` (cash as handed over, before change)."""

    method: str
    amount: Decimal


def check_rounding(rounding: Decimal) -> None:
    if rounding < ZERO:
        raise ValidationError("negative", field="rounding")
    if rounding > MAX_ROUNDING:
        raise ValidationError("rounding_too_large", field="rounding", maximum=str(MAX_ROUNDING))


def settle(
    total: Decimal, tenders: Sequence[Tender], change: Decimal, methods: Sequence[str]
) -> Decimal:
    """Check that ``tenders`` less ``change`` pay ``total`` exactly; the 挂账 part.

    Refused: a method not configured, a negative amount or change, change beyond the cash
    handed over, or payments that do not add up to the total.
    """
    if not tenders and total != ZERO:
        raise ValidationError("required", field="payments")
    for tender in tenders:
        if tender.method not in methods:
            raise ValidationError("unknown_payment_method", field="payments", value=tender.method)
        if tender.amount < ZERO:
            raise ValidationError("negative", field="payments")
    if change < ZERO:
        raise ValidationError("negative", field="change")
    cash = sum((t.amount for t in tenders if t.method == CASH), ZERO)
    if change > cash:
        raise ValidationError("change_exceeds_cash", field="change", change=f"{change:.2f}")
    paid = sum((t.amount for t in tenders), ZERO) - change
    if paid != total:
        raise ValidationError(
            "payments_do_not_match", field="payments", total=f"{total:.2f}", paid=f"{paid:.2f}"
        )
    return sum((t.amount for t in tenders if t.method == CREDIT), ZERO)


def check_methods(methods: Sequence[str]) -> list[str]:
    """A configured list of methods: short lower-case ASCII codes, no repeats, at least one
    (a shop without 挂账 leaves ``credit`` out)."""
    cleaned: list[str] = []
    for method in methods:
        code = method.strip().lower()
        if not code or len(code) > 32 or not code.replace("_", "").isalnum() or not code.isascii():
            raise ValidationError("invalid_payment_method", field="methods", value=method[:32])
        if code in cleaned:
            raise ValidationError("duplicate", field="methods", value=code)
        cleaned.append(code)
    if not cleaned:
        raise ValidationError("required", field="methods")
    return cleaned
