"""Document numbers (``{PREFIX}{yyyymmdd}{seq:03d}``), drawn from a counter row inside the transaction, with each
kind's prefix: the convention, or the company's own (setting ``document_prefixes``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.numbering import DEFAULT_PREFIXES, checked_prefixes, prefixes
from openjxc.domain.documents.types import document_number
from openjxc.services.unit_of_work import UnitOfWork

SETTING = "document_prefixes"


def next_number(uow: UnitOfWork, kind: str, day: date) -> str:
    """The next ``{PREFIX}{yyyymmdd}{seq}`` of ``kind`` (a document or payment type) for
    ``day``; the counter is per prefix and day, so numbers stay unique across a change."""
    stamp = day.strftime("%Y%m%d")
    chosen = uow.settings.get(SETTING, {}) or {}
    prefix = chosen.get(kind) or DEFAULT_PREFIXES[kind]
    return document_number(prefix, stamp, uow.counters.next_value(f"document:{prefix}:{stamp}"))


def get_prefixes(actor: Actor, uow: UnitOfWork) -> dict[str, str]:
    """Every kind's prefix in force."""
    actor.require(Permission.STOCK_READ)
    with uow:
        return prefixes(uow.settings.get(SETTING, {}) or {})


def set_prefixes(wanted: Mapping[str, str], actor: Actor, uow: UnitOfWork) -> dict[str, str]:
    """Change prefixes (kinds left out keep theirs) for the documents saved from now on;
    refused as a whole when one is malformed or two kinds would share one."""
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        before = uow.settings.get(SETTING, {}) or {}
        chosen = checked_prefixes({**prefixes(before), **wanted})
        if chosen != before:
            uow.settings.put(SETTING, chosen)
            uow.audit.record(
                actor, "setting.update", "setting", SETTING, {"value": before}, {"value": chosen}
            )
        uow.commit()
        return prefixes(chosen)
