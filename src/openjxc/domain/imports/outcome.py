"""What a dry run found, row by row: create, update (what changes), unchanged, or error."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or a warning about one row (``row`` as the spreadsheet numbers it) and
    column (its key; empty for the row as a whole). ``params`` fill the message of ``code``."""

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_detail(self) -> dict[str, Any]:
        return {**self.params, "row": self.row, "column": self.column, "code": self.code}


@dataclass(slots=True)
class RowOutcome:
    """One data row: its key, what confirming would do, and why not or what to check."""

    row: int
    key: str
    action: Action = Action.UNCHANGED
    #: field -> (before, after), as text; for a create, every field given -> (None, value)
    changes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, column: str, code: str, **params: Any) -> None:
        self.errors.append(Issue(self.row, column, code, params))
        self.action = Action.ERROR

    def warn(self, column: str, code: str, **params: Any) -> None:
        self.warnings.append(Issue(self.row, column, code, params))

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class DryRun:
    """Every row's outcome; what a screen, the API and the CLI show before confirming."""

    kind: str
    rows: list[RowOutcome]

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(row.action.value for row in self.rows)
        counts = {action.value: tally.get(action.value, 0) for action in Action}
        counts["warning"] = sum(1 for row in self.rows if row.warnings)
        return counts

    @property
    def errors(self) -> list[Issue]:
        return [issue for row in self.rows for issue in row.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for row in self.rows for issue in row.warnings]

    def unconfirmed(self, confirmed: bool | frozenset[int]) -> list[int]:
        """Row numbers with warnings not confirmed (``True``: the whole file is)."""
        if confirmed is True:
            return []
        accepted = confirmed if isinstance(confirmed, frozenset) else frozenset()
        return [row.row for row in self.rows if row.warnings and row.row not in accepted]
