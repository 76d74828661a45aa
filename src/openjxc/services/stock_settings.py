"""Use cases for stock settings per product × warehouse (最低库存, reorder point, maximum)."""

from __future__ import annotations

from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.shared.numbers import exact
from openjxc.services import lookup
from openjxc.services.audit import changes, snapshot
from openjxc.services.unit_of_work import UnitOfWork

#: leave the strategic reserve as it is (callers that only set the levels)
KEEP: object = object()


def set_stock_setting(
    product_ref: int | str,
    warehouse_ref: int | str,
    safety_stock: object,
    reorder_point: object,
    max_stock: object,
    actor: Actor,
    uow: UnitOfWork,
    strategic_reserve: object = KEEP,
) -> StockSetting | None:
    """Set one warehouse's levels for a product; all of them empty removes the setting.

    Levels are base-unit quantities, as precise as the base unit allows (whole 个, 0.001 kg).
    ``strategic_reserve`` (战略储备) is kept as it is unless given.
    """
    actor.require(Permission.STOCK_SETTING_WRITE)
    with uow:
        product = lookup.get(uow.products, product_ref, "product")
        warehouse = lookup.resolve(uow.warehouses, warehouse_ref, "warehouse")
        actor.require_warehouse(warehouse.id or 0, warehouse.organisation_id)
        scale = product.base_unit_decimals
        levels = [
            _level(safety_stock, "safety_stock", scale),
            _level(reorder_point, "reorder_point", scale),
            _level(max_stock, "max_stock", scale),
        ]
        setting = uow.stock_settings.of(product.id or 0, warehouse.id or 0)
        before = snapshot(setting) if setting else None
        if setting is None:
            setting = StockSetting(product_id=product.id or 0, warehouse_id=warehouse.id or 0)
            _set(setting, levels, strategic_reserve, scale)
            if setting.is_empty:
                return None
            uow.stock_settings.add(setting)
        else:
            _set(setting, levels, strategic_reserve, scale)
        if setting.is_empty:
            uow.stock_settings.delete(setting)
            uow.audit.record(actor, "stock_setting.delete", "stock_setting", setting.id, before)
            uow.commit()
            return None
        uow.flush()
        old, new = changes(before or {}, snapshot(setting))
        if new:
            action = "stock_setting.update" if before else "stock_setting.create"
            uow.audit.record(actor, action, "stock_setting", setting.id, old or None, new)
        uow.commit()
    return setting


def _set(setting: StockSetting, levels: list[Decimal | None], reserve: object, scale: int) -> None:
    setting.set_levels(*levels)
    if reserve is not KEEP:
        setting.set_strategic_reserve(_level(reserve, "strategic_reserve", scale))


def _level(value: object, field: str, scale: int) -> Decimal | None:
    return None if value is None or value == "" else exact(value, scale, field)
