"""The names of the price levels (零售价, 批发价, 会员价 …), a company setting."""

from __future__ import annotations

from collections.abc import Mapping

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog import price_levels
from openjxc.services.unit_of_work import UnitOfWork

SETTING = "price_level_names"  # queries.trading.prices reads it too


def get_price_level_names(uow: UnitOfWork) -> dict[int, str]:
    """Every level 1–10 and its name (the default where none was given)."""
    with uow:
        return price_levels.level_names(uow.settings.get(SETTING))


def set_price_level_names(
    names: Mapping[int, object], actor: Actor, uow: UnitOfWork
) -> dict[int, str]:
    """Rename the levels ``names`` gives (administrators); an empty name restores the default.
    Levels it leaves out keep their names; names must stay distinct. All or nothing."""
    actor.require(Permission.SYSTEM_ADMIN)
    checked = price_levels.check_names(names)
    with uow:
        before = price_levels.level_names(uow.settings.get(SETTING))
        after = {**before, **checked}
        price_levels.check_distinct(after)
        if after != before:
            stored = {str(level): name for level, name in after.items()}
            uow.settings.put(SETTING, stored)
            uow.audit.record(
                actor,
                "setting.update",
                "setting",
                SETTING,
                {str(k): v for k, v in before.items()},
                stored,
            )
        uow.commit()
    return after
