"""Is a record in use? Found from the foreign keys, so every new table that points at a
product, warehouse or partner (stock moves, document lines …) counts without being listed."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.metadata import metadata

#: rows that belong to the record itself: deleted with it, never a reason to keep it
OWNED: dict[str, frozenset[str]] = {
    "product": frozenset({"product_unit", "product_barcode", "stock_setting"}),
    "warehouse": frozenset({"stock_setting"}),
    "partner": frozenset({"partner_contact"}),
}


@cache
def referencing_columns(entity: str) -> tuple[Any, ...]:
    """Every column, outside the owned tables, with a foreign key to ``entity``'s id."""
    target = metadata.tables[entity]
    owned = OWNED.get(entity, frozenset())
    return tuple(
        fk.parent
        for table in metadata.sorted_tables
        if table.name not in owned
        for fk in table.foreign_keys
        if fk.column.table is target
    )


class SqlReferences:
    def __init__(self, session: Session):
        self.session = session

    def is_referenced(self, entity: str, id: int) -> bool:
        return any(
            self.session.execute(select(column).where(column == id).limit(1)).first() is not None
            for column in referencing_columns(entity)
        )
