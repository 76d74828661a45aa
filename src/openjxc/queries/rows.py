"""Typed rows of the read side: how a query turns SQL rows into its row type, and the one
way a caller that addresses columns by name (an export, a generic screen) takes a row apart.

A query module defines its rows next to it as ``@dataclass(frozen=True, slots=True)`` classes
whose fields are the query's column labels; ``row_of`` builds one from a SQL row and fails
loudly (``TypeError``) when a label and a field part ways, so the first test that runs the
query catches a renamed column, and mypy catches every consumer still using the old name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)
else:
    R = TypeVar("R")


class SqlRow(Protocol):
    """What ``row_of`` needs of a SQLAlchemy ``Row`` (of any number of columns)."""

    def _asdict(self) -> dict[str, Any]: ...


def row_of(row_type: type[R], row: SqlRow, **more: object) -> R:
    """``row``'s columns as a ``row_type``; ``more`` adds fields computed from them or
    replaces a column by its converted value."""
    return row_type(**{**row._asdict(), **more})


def rows_of(row_type: type[R], rows: Iterable[SqlRow]) -> list[R]:
    return [row_of(row_type, row) for row in rows]


def fields_of(row: DataclassInstance) -> dict[str, object]:
    """A row's fields by name (one level: nested rows stay rows), for code that picks columns
    by name: exports, record screens, forms that overlay typed input."""
    return {f.name: getattr(row, f.name) for f in fields(row)}
