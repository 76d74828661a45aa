"""Settlement (核销): how much of a credit goes to which open charge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, plain
from openjxc.domain.trading.accounts import OpenItem


def allocate(
    amount: Decimal, charges: Sequence[OpenItem], chosen: Mapping[int, Decimal] | None = None
) -> list[tuple[int, Decimal]]:
    """Split ``amount`` over ``charges``: oldest first, or as ``chosen`` (entry id -> amount).

    Chosen amounts may not exceed what a charge still has open, nor together ``amount``.
    """
    if chosen is None:
        result: list[tuple[int, Decimal]] = []
        left = amount
        for item in sorted(charges, key=lambda c: (c.date, c.entry_id)):
            if left <= ZERO:
                break
            take = min(left, item.open)
            result.append((item.entry_id, take))
            left -= take
        return result
    by_id = {c.entry_id: c for c in charges}
    for entry_id, wanted in chosen.items():
        found = by_id.get(entry_id)
        if wanted <= ZERO:
            raise ValidationError("not_positive", field="settle.amount")
        if found is None or wanted > found.open:
            raise ValidationError(
                "settlement_exceeds_open",
                number=found.number if found else str(entry_id),
                requested=plain(wanted),
                open=plain(found.open if found else ZERO),
            )
    total = sum(chosen.values(), ZERO)
    if total > amount:
        raise ValidationError(
            "settlement_exceeds_amount", requested=plain(total), available=plain(amount)
        )
    return [(entry_id, wanted) for entry_id, wanted in chosen.items()]
