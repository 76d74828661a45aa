"""The import kinds, one module each; ``HANDLERS`` is every kind a file can bring in."""

from __future__ import annotations

from openjxc.domain.shared.errors import ValidationError
from openjxc.services.imports.kinds import (
    categories,
    opening_balances,
    opening_stock,
    partners,
    products,
    warehouses,
)
from openjxc.services.imports.rows import KindHandler

HANDLERS: dict[str, KindHandler] = {
    handler.name: handler
    for handler in (
        categories.HANDLER,
        warehouses.HANDLER,
        products.HANDLER,
        partners.HANDLER,
        opening_stock.HANDLER,
        opening_balances.HANDLER,
    )
}


def handler_for(kind: str) -> KindHandler:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise ValidationError(
            "unknown_import_kind", field="kind", value=str(kind)[:40], kinds=", ".join(HANDLERS)
        ) from None
