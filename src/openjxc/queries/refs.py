"""Turn what a filter names (a code or id; for people, also a name, barcode or 拼音) into an id."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries._paging import contains, search_text
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


#: what a person may type in a filter that asks for a product, partner or category
_NAMED = {"product": catalog.product, "partner": catalog.partner, "category": catalog.category}
#: how many matches a refusal lists for the person to choose from
SHOWN_MATCHES = 10


def id_named(session: Session, entity: str, text: str) -> int:
    """The id of the one product, partner or category ``text`` names, as people type it: its
    code (or id), a product's barcode, its whole name, else the only one whose code, name or
    拼音 initials contain it. Nothing: ``unknown_reference``; several: ``ambiguous_reference`` listing them."""
    table = _NAMED[entity]
    ref = search_text(text)
    exact = table.c.code == ref
    if (candidate := as_id(ref)) is not None:
        exact = or_(exact, table.c.id == candidate)
    found = session.scalar(select(table.c.id).where(exact).order_by(table.c.code != ref).limit(1))
    if found is None and entity == "product":
        barcode = catalog.product_barcode
        found = session.scalar(select(barcode.c.product_id).where(barcode.c.barcode == ref))
    if found is None:  # a whole name, when only one record bears it
        named = session.scalars(select(table.c.id).where(table.c.name == ref).limit(2)).all()
        found = named[0] if len(named) == 1 else None
    if found is not None:
        return int(found)
    searched = [contains(table.c.code, ref), contains(table.c.name, ref)]
    if "pinyin" in table.c:
        searched.append(contains(table.c.pinyin, ref))
    matches = session.execute(
        select(table.c.id, table.c.code, table.c.name)
        .where(or_(*searched))
        .order_by(table.c.code)
        .limit(SHOWN_MATCHES + 1)
    ).all()
    if len(matches) == 1:
        return int(matches[0].id)
    if not matches:
        raise ValidationError("unknown_reference", field=entity, value=ref[:64])
    shown = "、".join(f"{m.code} {m.name}" for m in matches[:SHOWN_MATCHES])
    found_params = {
        "field": entity,
        "value": ref[:64],
        "matches": shown + ("…" if len(matches) > SHOWN_MATCHES else ""),
        "codes": [m.code for m in matches[:SHOWN_MATCHES]],
    }
    detail = {"code": "ambiguous_reference", **found_params}
    raise ValidationError("ambiguous_reference", [detail], **found_params)
