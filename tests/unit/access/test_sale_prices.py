from __future__ import annotations

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES, Permission
from openjxc.domain.access.sale_prices import require_sale_prices, sees_sale_prices
from openjxc.domain.shared.errors import PermissionDenied


def _with_role(role: str) -> Actor:
    return Actor(1, role, frozenset(map(str, BUILTIN_ROLES[role][2])), roles=(role,))


@pytest.mark.parametrize("role", ["admin", "purchasing", "sales", "finance", "store_manager"])
def test_who_reads_sets_or_sells_at_prices_sees_sale_prices(role: str) -> None:
    assert sees_sale_prices(_with_role(role))
    require_sale_prices(_with_role(role))


@pytest.mark.parametrize("role", ["warehouse", "viewer"])
def test_a_keeper_or_a_reader_does_not_see_sale_prices(role: str) -> None:
    assert not sees_sale_prices(_with_role(role))
    with pytest.raises(PermissionDenied) as refused:
        require_sale_prices(_with_role(role))
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize(
    "permission",
    [
        Permission.PRICE_READ,
        Permission.CATALOG_WRITE,
        Permission.CUSTOMER_WRITE,
        Permission.SALES_WRITE,
    ],
)
def test_any_one_of_the_price_permissions_is_enough(permission: Permission) -> None:
    assert sees_sale_prices(Actor(1, "one", frozenset({str(permission)})))
    assert not sees_sale_prices(Actor(1, "none", frozenset({str(Permission.CATALOG_READ)})))
