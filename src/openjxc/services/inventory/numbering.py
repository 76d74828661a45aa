"""Document numbers (DESIGN §3.6), drawn from a counter row inside the transaction."""

from __future__ import annotations

from datetime import date

from openjxc.domain.documents.types import RULES, DocumentType, document_number
from openjxc.services.unit_of_work import UnitOfWork


def next_number(uow: UnitOfWork, kind: DocumentType, day: date) -> str:
    """The next ``{PREFIX}{yyyymmdd}{seq}`` of ``kind`` for ``day``."""
    stamp = day.strftime("%Y%m%d")
    prefix = RULES[kind].prefix
    return document_number(prefix, stamp, uow.counters.next_value(f"document:{prefix}:{stamp}"))
