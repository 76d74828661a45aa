"""The demo company: a bakery chain (烘焙连锁) with a central warehouse and two stores.

Every record is created only if its code is not there yet, so loading twice changes nothing.
It goes only into a new database (no warehouse, product or partner yet), which is then marked
as the demo's; a company's own books never receive it, whatever command is run on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Conflict
from openjxc.services import (
    categories,
    demo_catalog,
    organisations,
    partners,
    products,
    stock_settings,
    warehouses,
)
from openjxc.services.demo_stock import load_demo_stock
from openjxc.services.demo_trade import load_demo_trade
from openjxc.services.unit_of_work import UnitOfWork

ORGANISATIONS = [
    organisations.OrganisationData(
        "HQ", "总部", "headquarters", address="上海市徐汇区漕溪北路 88 号", phone="021-64000000"
    ),
    organisations.OrganisationData(
        "S01", "徐汇店", "store", "HQ", "上海市徐汇区天钥桥路 100 号", "021-64001001"
    ),
    organisations.OrganisationData(
        "S02", "静安店", "store", "HQ", "上海市静安区南京西路 1000 号", "021-62002002"
    ),
]


#: the setting that marks a database as the demo company's
DEMO_MARK = "demo_company"


class OwnBooks(Conflict):
    """The database holds a company's own data: the demo is not loaded into it."""

    def __init__(self) -> None:
        super().__init__("demo_into_own_books")


def load_demo_data(new_uow: Callable[[], UnitOfWork], actor: Actor) -> int:
    """Create what is missing; return how many records were created.

    Refused (``demo_into_own_books``) on a database that holds a company's own data.
    """
    _claim_for_demo(new_uow)
    created = 0
    steps: list[tuple[str, Iterable[Any], Callable[[Any, Actor, UnitOfWork], object]]] = [
        ("organisations", ORGANISATIONS, organisations.create_organisation),
        ("warehouses", demo_catalog.WAREHOUSES, warehouses.create_warehouse),
        ("categories", demo_catalog.CATEGORIES, categories.create_category),
        ("products", demo_catalog.PRODUCTS, products.create_product),
        ("partners", demo_catalog.PARTNERS, partners.create_partner),
    ]
    for repository, records, create in steps:
        for data in records:
            if _missing(new_uow, repository, data.code):
                create(data, actor, new_uow())
                created += 1
    for product, warehouse, safety, reorder, maximum in demo_catalog.STOCK_SETTINGS:
        if not _has_stock_setting(new_uow, product, warehouse):
            stock_settings.set_stock_setting(
                product, warehouse, safety, reorder, maximum, actor, new_uow()
            )
            created += 1
    created += load_demo_stock(new_uow, actor)
    return created + load_demo_trade(new_uow, actor)


def _claim_for_demo(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        if uow.settings.get(DEMO_MARK):
            return
        if uow.warehouses.exists() or uow.products.exists() or uow.partners.exists():
            raise OwnBooks()
        uow.settings.put(DEMO_MARK, True)
        uow.commit()


def _missing(new_uow: Callable[[], UnitOfWork], repository: str, code: str) -> bool:
    with new_uow() as uow:
        return getattr(uow, repository).by_code(code) is None


def _has_stock_setting(new_uow: Callable[[], UnitOfWork], product: str, warehouse: str) -> bool:
    with new_uow() as uow:
        found_product = uow.products.by_code(product)
        found_warehouse = uow.warehouses.by_code(warehouse)
        if found_product is None or found_warehouse is None:
            return False
        setting = uow.stock_settings.of(found_product.id or 0, found_warehouse.id or 0)
        return setting is not None
