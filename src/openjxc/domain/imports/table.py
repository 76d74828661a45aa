"""An uploaded table as the import engine sees it: rows of cells and what to warn about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UploadedTable:
    """The rows of the first sheet (or of the CSV), as read.

    ``formulas`` holds the (row, column) — both from 0 — of cells that held a formula: their
    cached value is in ``rows``, and the engine warns about each. Both count within ``rows``.
    """

    rows: list[list[object]]
    formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    #: the sheet's number of ``rows[0]`` (a sheet may start lower than row 1)
    first_row: int = 1
    #: the sheet's index, from 0, of each row's first cell
    first_column: int = 0


#: reads a file (by its name and content); refuses what it cannot read safely
ImportReader = Callable[[str, bytes], UploadedTable]
