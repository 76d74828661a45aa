"""What an import kind is: a list of column specs, and how a header row is matched to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    DECIMAL = "decimal"  # exact, at most ``scale`` decimals
    INTEGER = "integer"
    ENUM = "enum"  # one of ``choices`` (value, or its Chinese / English label)
    DATE = "date"
    BOOL = "bool"
    REFERENCE = "reference"  # the code of another record (checked against the database)


@dataclass(frozen=True)
class Choice:
    value: str
    zh: str
    en: str


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import kind. ``key`` is the English key (the template's hidden row)."""

    key: str
    zh: str
    en: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    scale: int = 0
    choices: tuple[Choice, ...] = ()
    #: what a REFERENCE names ("category", "organisation")
    reference: str = ""
    aliases: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""
    example: str = ""

    @property
    def names(self) -> set[str]:
        """Every header this column is known by, normalised."""
        return {normalise(n) for n in (self.key, self.zh, self.en, *self.aliases) if n}


@dataclass(frozen=True)
class ImportKind:
    """A kind of record a file can bring in: its name, its columns, and its key column."""

    name: str  # "products"
    zh: str  # 商品
    en: str
    columns: tuple[ImportColumn, ...]
    #: the column that must not repeat in a file, or the columns whose values together
    #: must not (an opening-stock line: warehouse, product, batch)
    key: str | tuple[str, ...] = "code"

    def column(self, key: str) -> ImportColumn:
        return next(c for c in self.columns if c.key == key)

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.key,) if isinstance(self.key, str) else self.key


def normalise(header: object) -> str:
    """A header as compared: trimmed, lower case, no spaces, no required-marker ``*``."""
    text = "" if header is None else str(header)
    return "".join(text.replace("*", "").replace("＊", "").split()).lower().replace("_", "")


@dataclass(frozen=True)
class HeaderMatch:
    """Which file column holds which key; ``issues`` are the header's errors."""

    positions: dict[str, int]
    issues: list[dict[str, object]]


def match_header(kind: ImportKind, header: Sequence[object]) -> HeaderMatch:
    """Match a header row in Chinese or English, in any order.

    An unknown column, a column given twice and a missing required column are each an
    issue ``{"code", "column", ...}``: a file is never read with a column silently ignored.
    """
    known = {name: column.key for column in kind.columns for name in column.names}
    positions: dict[str, int] = {}
    issues: list[dict[str, object]] = []
    for index, cell in enumerate(header):
        name = normalise(cell)
        if not name:
            continue
        key = known.get(name)
        if key is None:
            issues.append({"code": "unknown_column", "column": str(cell), "position": index + 1})
        elif key in positions:
            issues.append({"code": "repeated_column", "column": str(cell), "position": index + 1})
        else:
            positions[key] = index
    for column in kind.columns:
        if column.required and column.key not in positions:
            issues.append({"code": "missing_column", "column": column.zh, "key": column.key})
    return HeaderMatch(positions, issues)


def is_key_row(kind: ImportKind, row: Sequence[object]) -> bool:
    """Is ``row`` a template's (hidden) row of English keys? Every filled cell is a key."""
    keys = {c.key for c in kind.columns}
    filled = [str(cell).strip() for cell in row if cell not in (None, "")]
    return bool(filled) and all(cell in keys for cell in filled)
