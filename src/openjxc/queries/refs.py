"""Turn a code-or-id given as a filter into an id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.lookup import as_id

_TABLES = {"product": catalog.product, "warehouse": catalog.warehouse, "partner": catalog.partner}


def id_of(session: Session, entity: str, ref: str) -> int:
    """The id ``ref`` names (a code first, else an id), or ``unknown_reference``."""
    table = _TABLES[entity]
    found = session.execute(select(table.c.id).where(table.c.code == ref)).scalar()
    if found is None and (candidate := as_id(ref)) is not None:
        found = session.execute(select(table.c.id).where(table.c.id == candidate)).scalar()
    if found is None:
        raise ValidationError("unknown_reference", field=entity, value=ref[:64])
    return int(found)
