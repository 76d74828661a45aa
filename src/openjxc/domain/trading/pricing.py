"""The default sale price (DOMAIN.md): customer price > last price to this customer (when
switched on) > the customer's price-level price > list price. Prices are per base unit and
tax-exclusive, like every reference price of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PriceCandidates:
    customer: Decimal | None = None  # 客户协议价
    last: Decimal | None = None  # 最近售价
    level: Decimal | None = None  # 等级价
    list: Decimal | None = None  # 零售价/标准售价


def resolve(candidates: PriceCandidates, use_last: bool) -> tuple[Decimal, str] | None:
    """The price to propose and where it came from, or None when nothing is known."""
    order = [("customer", candidates.customer)]
    if use_last:
        order.append(("last", candidates.last))
    order += [("level", candidates.level), ("list", candidates.list)]
    for source, value in order:
        if value is not None:
            return value, source
    return None


def below_minimum(price_per_base: Decimal, minimum: Decimal | None) -> bool:
    return minimum is not None and price_per_base < minimum
