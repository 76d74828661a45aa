"""The filters every report shares, checked once: references to ids, dates, grouping.

Raw values come from the API or the CLI as given (codes or ids, dates, comma lists); what
comes out is what the report queries read from ``Context.filters``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access, catalog
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import to_decimal
from openjxc.queries.refs import id_named, id_of
from openjxc.services.lookup import as_id

#: every grouping some report offers; each report says which of them it accepts
DIMENSIONS = (
    "product",
    "warehouse",
    "category",
    "partner",
    "salesperson",
    "organisation",
    "day",
    "week",
    "month",
    "channel",
)
CHANNELS = ("wholesale", "retail")  # 批发 (deliveries, returns) and 零售 (LSD/LSTH)
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def resolve(session: Session, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Checked filters; anything wrong is a ValidationError naming the filter."""
    today = clock.today()
    date_to = _day(raw.get("to"), "to") or today
    date_from = _day(raw.get("from"), "from") or date_to.replace(day=1)
    if date_from > date_to:
        raise ValidationError("date_range_reversed", field="from", start=date_from, end=date_to)
    filters: dict[str, Any] = {
        "date_from": date_from,
        "date_to": date_to,
        "as_of": _day(raw.get("as_of"), "as_of") or today,
        "today": today,
        "by": _dimensions(raw.get("by")),
        "by_given": bool(raw.get("by")),  # the report checks an explicit grouping is its own
        "days": raw.get("days"),
    }
    filters.update(_references(session, raw))
    filters.update(_options(raw))
    return filters


def _references(session: Session, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The ids of the records the filters name: by code, username or id; a product, partner
    or category also as people type it (``refs.id_named``)."""
    found: dict[str, Any] = {}
    if raw.get("product"):
        found["product_id"] = id_named(session, "product", str(raw["product"]))
    if raw.get("warehouse"):
        found["warehouse_id"] = id_of(session, "warehouse", str(raw["warehouse"]))
    if raw.get("category"):
        found["category_ids"] = _category_tree(session, str(raw["category"]))
    if raw.get("partner"):
        found["partner_id"] = id_named(session, "partner", str(raw["partner"]))
    if raw.get("organisation"):
        found["organisation_id"] = _id_in(session, catalog.organisation, raw, "organisation")
    if raw.get("salesperson"):
        found["salesperson_id"] = _id_in(session, access.user_account, raw, "salesperson")
    return found


def _options(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that are values, not references."""
    found: dict[str, Any] = {}
    if raw.get("document"):
        found["document"] = str(raw["document"])[:32]
    if raw.get("channel"):
        if raw["channel"] not in CHANNELS:
            raise ValidationError("invalid_choice", field="channel", value=str(raw["channel"])[:20])
        found["channel"] = raw["channel"]
    if raw.get("buckets") is not None:
        found["buckets"] = _buckets(raw["buckets"])
    for name in ("threshold", "a", "b"):
        if raw.get(name) is not None:
            found[name] = _share(raw[name], name)
    for name in ("level", "include_expired"):
        if raw.get(name) is not None:
            found[name] = raw[name]
    return found


def _id_in(session: Session, table: Any, raw: Mapping[str, Any], field: str) -> int:
    """An organisation (by code) or a user (by username), or its id."""
    ref = str(raw[field])
    key = table.c.username if "username" in table.c else table.c.code
    found = session.scalar(select(table.c.id).where(key == ref))
    if found is None and (candidate := as_id(ref)) is not None:
        found = session.scalar(select(table.c.id).where(table.c.id == candidate))
    if found is None:
        raise ValidationError("unknown_reference", field=field, value=ref[:64])
    return int(found)


def _buckets(value: Any) -> tuple[int, ...]:
    """Aging buckets as day limits: ``"30,60,90"``."""
    try:
        limits = tuple(int(part) for part in str(value).split(",") if part.strip())
    except ValueError:
        raise ValidationError("invalid_buckets", field="buckets") from None
    if not limits or len(limits) > 12 or list(limits) != sorted(set(limits)) or limits[0] <= 0:
        raise ValidationError("invalid_buckets", field="buckets")
    if limits[-1] > 36600:
        raise ValidationError("invalid_buckets", field="buckets")
    return limits


def _day(raw: Any, field: str) -> date | None:
    if raw is None:
        return None
    try:
        value = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError("invalid_choice", field=field, value=str(raw)[:20]) from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            "out_of_range", field=field, minimum=FIRST_DAY.isoformat(), maximum=LAST_DAY.isoformat()
        )
    return value


def _dimensions(value: Any) -> tuple[str, ...]:
    parts = [p.strip() for p in str(value or "product").split(",") if p.strip()]
    for part in parts:
        if part not in DIMENSIONS:
            raise ValidationError("invalid_choice", field="by", value=part[:20])
    return tuple(dict.fromkeys(parts)) or ("product",)


def _share(value: Any, field: str) -> Decimal:
    number = to_decimal(value, field)  # ASCII digits only, as every number typed
    if not 0 <= number <= 1000:
        raise ValidationError("out_of_range", field=field, minimum=0, maximum=1000)
    return number


def _category_tree(session: Session, ref: str) -> frozenset[int]:
    """The category ``ref`` names and every category below it."""
    found = [id_named(session, "category", ref)]
    c = catalog.category
    children: dict[int | None, list[int]] = {}
    for row in session.execute(select(c.c.id, c.c.parent_id)):
        children.setdefault(row.parent_id, []).append(row.id)
    tree, todo = set(), list(found)
    while todo:
        node = todo.pop()
        if node not in tree:
            tree.add(node)
            todo += children.get(node, [])
    return frozenset(tree)
