"""Reports that compute their rows (aging, statements): sorted, paged and totalled in memory."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES, Permission
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.reports import framework
from openjxc.queries.reports.framework import Column, Context, Kind, Report, no_query

ROWS = [
    {"partner": "B", "owed": D("5.00"), "cost": D("1.00")},
    {"partner": "A", "owed": None, "cost": D("2.00")},
    {"partner": "C", "owed": D("7.50"), "cost": D("3.00")},
]


def _report(default_sort: tuple[str, ...] = ("partner",)) -> Report:
    return Report(
        name="fake",
        zh="假",
        en="Fake",
        columns=(
            Column("partner", "单位", "Partner"),
            Column("owed", "欠款", "Owed", Kind.MONEY, total=True),
            Column("cost", "成本", "Cost", Kind.MONEY, total=True, cost=True),
        ),
        build=no_query,
        rows=lambda context: [dict(r) for r in ROWS],
        default_sort=default_sort,
        keys=("partner",),
        permissions=(),
    )


def _context(actor: Actor | None = None) -> Context:
    return Context(None, actor or Actor.system(), {}, None)  # type: ignore[arg-type]


def _partners(page: framework.Page | list[dict[str, Any]]) -> list[str]:
    rows = page.rows if isinstance(page, framework.Page) else page
    return [r["partner"] for r in rows]


def test_rows_sort_by_the_asked_column_with_missing_values_last() -> None:
    report = _report()
    assert _partners(framework.run(report, _context(), "-owed", 10, 0)) == ["C", "B", "A"]
    assert _partners(framework.run(report, _context(), "owed", 10, 0)) == ["B", "C", "A"]
    assert _partners(framework.run(report, _context(), None, 10, 0)) == ["A", "B", "C"]


def test_a_page_counts_and_totals_every_row() -> None:
    page = framework.run(_report(), _context(), None, 1, 1)
    assert _partners(page) == ["B"]
    assert page.count == 3
    assert page.totals == {"owed": D("12.50"), "cost": D("6.00")}


def test_without_a_default_sort_the_rows_keep_their_order() -> None:
    streamed = list(framework.stream(_report(default_sort=()), _context(), None))
    assert _partners(streamed) == ["B", "A", "C"]


def test_costs_are_hidden_from_callers_without_price_read() -> None:
    viewer = Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2])))
    assert not viewer.can(Permission.PRICE_READ)
    page = framework.run(_report(), _context(viewer), None, 10, 0)
    assert {r["cost"] for r in page.rows} == {None}
    assert page.totals is not None
    assert page.totals["cost"] is None


def test_an_unknown_sort_column_is_refused() -> None:
    with pytest.raises(ValidationError):
        framework.run(_report(), _context(), "nope", 10, 0)
