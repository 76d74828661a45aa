"""The payment methods a till offers (setting ``retail_payment_methods``)."""

from __future__ import annotations

from collections.abc import Sequence

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.retail.payments import check_methods
from openjxc.services.retail.posting import METHODS_SETTING, payment_methods
from openjxc.services.unit_of_work import UnitOfWork


def set_payment_methods(methods: Sequence[str], actor: Actor, uow: UnitOfWork) -> list[str]:
    """Replace the list of methods (``cash`` gives change, ``credit`` is 挂账)."""
    actor.require(Permission.SYSTEM_ADMIN)
    wanted = check_methods(methods)
    with uow:
        before = payment_methods(uow)
        uow.settings.put(METHODS_SETTING, wanted)
        uow.audit.record(
            actor,
            "setting.update",
            "setting",
            METHODS_SETTING,
            {"value": before},
            {"value": wanted},
        )
        uow.commit()
    return wanted
