"""A data row of an import as the kinds see it, and what they give back to the engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from openjxc.domain.access.actor import Actor
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.outcome import Action, RowOutcome
from openjxc.domain.shared.errors import DomainError
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(slots=True)
class ParsedRow:
    """One data row: its cells parsed by column (only the columns the file has)."""

    outcome: RowOutcome
    values: dict[str, object] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str) -> object:
        return self.values.get(key)

    def fail(self, error: DomainError, column: str = "") -> None:
        """Record a domain error on this row, under its field's column."""
        params = dict(error.params)
        self.outcome.error(str(params.pop("field", "") or column), error.code, **params)

    def set(self, action: Action, changes: dict[str, tuple[str | None, str | None]]) -> None:
        if self.outcome.ok:
            self.outcome.action = action
            self.outcome.changes = changes


@dataclass(frozen=True)
class PlanContext:
    actor: Actor
    uow: UnitOfWork
    #: the ×50 rule's factor (domain.imports.plausibility)
    factor: Decimal
    #: the file's SHA-256 (kinds that post, like opening stock, post a file only once)
    sha256: str = ""


#: writes what a plan found, inside the confirming unit of work
Writer = Callable[[], None]


class KindHandler(Protocol):
    """One kind of import (services.imports.kinds): its columns, checks and writes."""

    @property
    def name(self) -> str: ...
    @property
    def permission(self) -> str: ...

    def spec(self, uow: UnitOfWork) -> ImportKind:
        """The columns (some kinds read company settings, e.g. price-level names)."""

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        """Check every row against the database (loaded in bulk), set each row's outcome,
        and return what writes the rows that create or update, all of them at once."""


def text_of(value: object) -> str | None:
    """A value as the dry run shows it (before → after)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def diff(
    before: Mapping[str, object], after: Mapping[str, object]
) -> dict[str, tuple[str | None, str | None]]:
    """The fields that change, as text."""
    return {
        key: (text_of(before.get(key)), text_of(value))
        for key, value in after.items()
        if before.get(key) != value
    }


def posted_before(kind: str, rows: Sequence[ParsedRow], context: PlanContext) -> bool:
    """Is this very file (its SHA-256) a confirmed import of ``kind`` already? Then every row
    is ``unchanged``: kinds that post (opening stock, opening balances) post a file once."""
    if not context.sha256 or context.uow.imports.confirmed(kind, context.sha256) is None:
        return False
    for row in rows:
        row.set(Action.UNCHANGED, {})
    return True
