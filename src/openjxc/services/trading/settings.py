"""Company switches of trading: prices include tax (含税价), over-receipt tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, rate
from openjxc.domain.trading.tax import PRICES_INCLUDE_TAX_SETTING as _PRICES_INCLUDE_TAX
from openjxc.services.unit_of_work import UnitOfWork

_OVER_RECEIPT = "trade.over_receipt_tolerance"  # 0.05: 5% more than ordered may be received
_USE_LAST_PRICE = "trade.use_last_price"  # 最近售价 before the level and list price


@dataclass(frozen=True)
class TradeSettings:
    prices_include_tax: bool = False
    over_receipt_tolerance: Decimal = ZERO
    use_last_price: bool = True


def prices_include_tax(uow: UnitOfWork) -> bool:
    return bool(uow.settings.get(_PRICES_INCLUDE_TAX, False))


def over_receipt_tolerance(uow: UnitOfWork) -> Decimal:
    return Decimal(str(uow.settings.get(_OVER_RECEIPT, "0")))


def use_last_price(uow: UnitOfWork) -> bool:
    return bool(uow.settings.get(_USE_LAST_PRICE, True))


def get_trade_settings(uow: UnitOfWork) -> TradeSettings:
    with uow:
        return TradeSettings(
            prices_include_tax(uow), over_receipt_tolerance(uow), use_last_price(uow)
        )


def update_trade_settings(
    prices_include: bool, tolerance: object, actor: Actor, uow: UnitOfWork, last_price: bool = True
) -> TradeSettings:
    """Set the trading switches (administrators)."""
    actor.require(Permission.SYSTEM_ADMIN)
    value = rate(tolerance, "over_receipt_tolerance")
    if not ZERO <= value <= 1:
        raise ValidationError(
            "out_of_range", field="over_receipt_tolerance", minimum="0", maximum="1"
        )
    with uow:
        before = {
            "prices_include_tax": prices_include_tax(uow),
            "tolerance": str(over_receipt_tolerance(uow)),
        }
        uow.settings.put(_PRICES_INCLUDE_TAX, prices_include)
        uow.settings.put(_OVER_RECEIPT, str(value))
        uow.settings.put(_USE_LAST_PRICE, last_price)
        uow.audit.record(
            actor,
            "trade_settings.update",
            "setting",
            "trade",
            before=before,
            after={
                "prices_include_tax": prices_include,
                "tolerance": str(value),
                "use_last_price": last_price,
            },
        )
        uow.commit()
    return TradeSettings(prices_include, value, last_price)
