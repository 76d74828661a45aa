"""The read side's typed rows: built from SQL rows by label, taken apart by name, and the
converted queries promise their rows' types (no ``Any``) to every caller."""

from __future__ import annotations

import typing
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from openjxc.queries import loan_returns, loans, organisations, partners, stock_settings, warehouses
from openjxc.queries.rows import fields_of, row_of
from openjxc.queries.trading import ledger, statements


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    name: str
    due: date | None


SqlRow = namedtuple("SqlRow", ["code", "name", "due"])  # has ``_asdict``, like a SQL row


def test_a_row_is_built_from_the_columns_of_the_same_labels() -> None:
    assert row_of(Item, SqlRow("W1", "水", None)) == Item("W1", "水", None)


def test_a_computed_field_is_added_or_replaces_its_column() -> None:
    Raw = namedtuple("Raw", ["code", "name"])
    assert row_of(Item, Raw("W1", "水"), due=date(2026, 1, 2)).due == date(2026, 1, 2)
    assert row_of(Item, SqlRow("W1", "水", None), name="冰水").name == "冰水"


def test_a_renamed_column_fails_at_once_instead_of_reading_as_missing() -> None:
    Renamed = namedtuple("Renamed", ["code", "title", "due"])
    with pytest.raises(TypeError):
        row_of(Item, Renamed("W1", "水", None))


def test_fields_of_gives_a_rows_fields_by_name_one_level_deep() -> None:
    @dataclass(frozen=True, slots=True)
    class Outer:
        item: Item
        count: int

    inner = Item("W1", "水", None)
    assert fields_of(inner) == {"code": "W1", "name": "水", "due": None}
    assert fields_of(Outer(inner, 2)) == {"item": inner, "count": 2}


TYPED: list[Callable[..., object]] = [
    warehouses.list_warehouses,
    warehouses.get_warehouse,
    organisations.list_organisations,
    organisations.get_organisation,
    loans.open_loans,
    loan_returns.still_out,
    stock_settings.list_stock_settings,
    partners.get_partner,
    statements.statement,
    statements.aging,
    ledger.list_entries,
    ledger.list_balances,
]


@pytest.mark.parametrize("query", TYPED, ids=lambda q: f"{q.__module__}.{q.__name__}")
def test_a_typed_query_says_what_it_returns_without_any(query: Callable[..., object]) -> None:
    hints = typing.get_type_hints(query)
    assert "Any" not in repr(hints), hints
    returned = hints["return"]
    rows = typing.get_args(returned) or (returned,)
    assert all("dict" not in repr(r) for r in rows), returned
