"""An export runs the report's query once: its 合计 row is added up from the rows as they
stream, and it must equal the totals the screen shows (``run``, SQL over the whole result),
to the cent, on SQLite and PostgreSQL, for every report and grouping."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.queries.reports import REPORTS, filters, framework
from tests.integration.reports.conftest import Traded, run

OCT = {"from": "2026-10-01", "to": "2026-10-31"}
CASES: list[tuple[str, dict[str, Any]]] = [
    ("stock-summary", OCT),
    ("stock-summary", {**OCT, "by": "product,warehouse"}),
    ("stock-summary", {**OCT, "by": "warehouse"}),  # many units: no quantity totals
    ("stock-summary", {**OCT, "by": "category"}),
    ("stock-summary", {**OCT, "product": "MA", "by": "product,warehouse"}),  # one unit
    ("stock-summary", {"from": "2030-01-01", "to": "2030-01-31"}),  # no rows
    ("stock-ledger", {**OCT, "product": "MA"}),
    ("valuation", {"as_of": "2026-10-31", "by": "product,warehouse"}),
    ("turnover", OCT),
    ("abc", OCT),
    ("sales-statistics", OCT),  # margin rate of the sums (derive_totals)
    ("sales-statistics", {**OCT, "by": "partner"}),
    ("purchase-statistics", OCT),
    ("sales-detail", OCT),
    ("purchase-detail", OCT),
    ("cost-layers", OCT),
    ("receivable-aging", {"as_of": "2026-10-31"}),  # computed in Python
    ("receivable-statement", {**OCT, "partner": "C1"}),
]
VIEWER = Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2])))


def _streamed(traded: Traded, name: str, actor: Actor, raw: dict[str, Any]) -> list[dict[str, Any]]:
    report = REPORTS[name]
    with traded.system.read_sessions() as session:
        context = framework.start(session, actor, report, filters.resolve(session, raw))
        return list(framework.stream_with_totals(report, context, None, "zh-CN"))


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
@pytest.mark.parametrize("actor", [Actor.system(), VIEWER], ids=["system", "viewer"])
def test_the_streamed_totals_row_equals_the_screens_totals(
    traded: Traded, name: str, raw: dict[str, Any], actor: Actor
) -> None:
    if not all(actor.can(p) for p in REPORTS[name].permissions):
        pytest.skip("the viewer may not run this report")
    page = run(traded.system, name, actor=actor, limit=10_000, **raw)
    streamed = _streamed(traded, name, actor, raw)
    if page.totals is None:
        assert streamed == page.rows
        return
    *rows, last = streamed
    assert rows == page.rows
    label = [v for k, v in last.items() if k not in page.totals]
    assert label in ([], ["合计"])
    assert {k: last[k] for k in page.totals} == page.totals
    # the same Decimals: the figures and their exponents (so the file's text is the screen's)
    assert [str(v) for v in page.totals.values()] == [str(last[k]) for k in page.totals]


def test_an_export_runs_the_reports_query_once(traded: Traded) -> None:
    """The rows and the totals come from one statement (the totals query is gone)."""
    report = REPORTS["stock-summary"]
    statements: list[str] = []
    with traded.system.read_sessions() as session:
        context = framework.start(session, Actor.system(), report, filters.resolve(session, OCT))

        def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", seen)
        try:
            rows = list(framework.stream_with_totals(report, context, None, "zh-CN"))
        finally:
            event.remove(engine, "before_cursor_execute", seen)
    assert rows[-1]["product"] == "合计"
    grouped = [s for s in statements if "GROUP BY" in s.upper()]
    assert len(grouped) == 1, statements
