"""结账 over the service layer: a close covers every open month before it, explicitly, and is
refused while any of them holds an unapproved document (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.periods import list_periods
from openjxc.services.inventory import approval, periods
from tests.integration.inventory.conftest import Post, doctor


def closed(world: System, admin: Actor) -> list[tuple[str, str | None]]:
    with world.read_sessions() as session:
        return [(r["month"], r["closed_with"]) for r in list_periods(session, admin)]


def test_closing_a_month_is_refused_while_an_earlier_month_holds_a_draft(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 9, 1))
    draft = post("other_issue", ("MA", "1"), day=date(2026, 10, 15), approve=False)
    with pytest.raises(ValidationError) as error:
        periods.close_period("2026-11", admin, world.uow())
    assert error.value.code == "period_has_unposted_documents"
    assert error.value.params["numbers"] == draft
    assert error.value.params["count"] == 1
    assert error.value.details == [
        {
            "code": "unposted_document",
            "number": draft,
            "date": "2026-10-15",
            "status": "draft",
            "kind": "document",
        }
    ]
    assert closed(world, admin) == []  # nothing closed, not even September
    approval.approve_document(draft, admin, world.uow())  # the October draft is not stranded
    periods.close_period("2026-11", admin, world.uow())
    assert doctor(world) == []


def test_a_refusal_names_ten_documents_and_details_every_one(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "20", "2.00"), day=date(2026, 9, 1))
    drafts = [
        post("other_issue", ("MA", "1"), day=date(2026, 10, 1 + i), approve=False)
        for i in range(12)
    ]
    with pytest.raises(ValidationError) as error:
        periods.close_period("2026-10", admin, world.uow())
    assert error.value.params["numbers"] == ", ".join(drafts[:10]) + " …"
    assert [d["number"] for d in error.value.details] == drafts


def test_closing_a_month_closes_every_open_month_before_it_each_on_its_own(
    world: System, post: Post, admin: Actor
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 8, 20))
    post("other_issue", ("MA", "1"), day=date(2026, 10, 5))
    assert periods.close_period("2026-10", admin, world.uow()) == [
        "2026-08",
        "2026-09",
        "2026-10",
    ]
    assert closed(world, admin) == [("2026-10", None), ("2026-09", None), ("2026-08", None)]
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "1"), day=date(2026, 9, 5))
    assert error.value.code == "period_closed"
    assert doctor(world) == []  # each month has its snapshot and totals
    periods.reopen_period("2026-10", admin, world.uow())  # only the latest reopens
    assert closed(world, admin) == [("2026-09", None), ("2026-08", None)]
    with pytest.raises(ValidationError) as refused:
        periods.reopen_period("2026-08", admin, world.uow())
    assert refused.value.code == "period_not_latest"
    assert periods.close_period("2026-10", admin, world.uow()) == ["2026-10"]
    assert doctor(world) == []


def test_a_month_a_legacy_close_covered_is_listed_with_that_close(
    world: System, post: Post, admin: Actor
) -> None:
    """Databases closed before each month was recorded hold one row for several months."""
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 8, 20))
    with world.write_sessions() as session, session.begin():
        session.execute(insert(inventory.period).values(month="2026-10", closed_at=clock.now()))
    assert closed(world, admin) == [
        ("2026-10", None),
        ("2026-09", "2026-10"),
        ("2026-08", "2026-10"),
    ]
