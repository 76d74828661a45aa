"""Who sees sale prices: level prices (等级价), customer prices (客户协议价) and the default
price a sale line gets. They are seen by who reads prices, sets them or sells at them — not
by a warehouse keeper, who receives and picks by quantity, nor by a read-only user.

The one rule for the service (``quote_price``), the queries and the screens.
"""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import PermissionDenied

#: holding any one of these shows sale prices
SALE_PRICE_PERMISSIONS = (
    Permission.PRICE_READ,
    Permission.CATALOG_WRITE,
    Permission.CUSTOMER_WRITE,
    Permission.SALES_WRITE,
)


def sees_sale_prices(actor: Actor) -> bool:
    """Whether the caller reads prices, sets them or sells at them."""
    return any(actor.can(p) for p in SALE_PRICE_PERMISSIONS)


def require_sale_prices(actor: Actor) -> None:
    """Refuse (as a missing ``price.read``) a caller who may not see sale prices."""
    if not sees_sale_prices(actor):
        raise PermissionDenied(Permission.PRICE_READ.value)
