"""Holds (质检/冻结) on batches: a held batch is not available and never picked."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import lookup
from openjxc.services.unit_of_work import UnitOfWork


def set_hold(
    product: str, batch_no: str, on_hold: bool, reason: str, actor: Actor, uow: UnitOfWork
) -> None:
    """Hold or release one batch of a product, in every warehouse it is in (all in the
    caller's scope)."""
    actor.require(Permission.STOCK_HOLD)
    with uow:
        item = lookup.resolve(uow.products, product, "product")
        batch = uow.batches.find(item.id or 0, batch_no)
        # a hold stops the batch everywhere: the caller must see every warehouse it is in,
        # and one kept only in other stores' warehouses reads as unknown
        places = uow.batches.stored_in(batch.id or 0) if batch is not None else []
        seen = [actor.sees_warehouse(*place) for place in places]
        if batch is None or (places and not any(seen)):
            raise ValidationError(
                "unknown_batch", field="batch", value=batch_no[:64], product=item.code
            )
        if not all(seen):
            hidden = next(place for place, visible in zip(places, seen, strict=True) if not visible)
            actor.require_warehouse(*hidden)
        before = {"on_hold": batch.on_hold, "hold_reason": batch.hold_reason}
        batch.on_hold = on_hold
        batch.hold_reason = text.optional_text(reason, "reason", 200) if on_hold else ""
        after = {"on_hold": batch.on_hold, "hold_reason": batch.hold_reason}
        uow.audit.record(
            actor, "batch.hold" if on_hold else "batch.release", "batch", batch.id, before, after
        )
        uow.commit()
