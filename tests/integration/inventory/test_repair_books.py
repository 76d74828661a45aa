"""`repair_books` (`jxc doctor --repair`): re-values what the ledger's facts do not give,
rebuilds the caches, needs `system.admin` and leaves an audit record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from openjxc.adapters.db.tables import inventory
from openjxc.adapters.db.tables import system as system_tables
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import PermissionDenied
from openjxc.services.maintenance import repair_books
from tests.integration.inventory.conftest import Post, balance, doctor
from tests.integration.inventory.test_doctor_valuation import a_season, corrupt, move_of

audit = system_tables.audit_log


def audit_records(world: System) -> list[dict[str, object]]:
    with world.read_sessions() as session:
        rows = session.execute(
            select(audit.c.username, audit.c.entity, audit.c.after).where(
                audit.c.action == "books.repair"
            )
        ).all()
    return [{"username": r.username, "entity": r.entity, **r.after} for r in rows]


def test_repair_needs_the_system_admin_permission_and_changes_nothing_without_it(
    world: System, post: Post
) -> None:
    numbers = a_season(post)
    issue = move_of(world, numbers["issue"])
    corrupt(world, issue.id, value=issue.value + D("1.00"))
    keeper = Actor.system(permissions=[p for p in Permission if p is not Permission.SYSTEM_ADMIN])
    with pytest.raises(PermissionDenied):
        repair_books(keeper, world.uow())
    assert move_of(world, numbers["issue"]).value == issue.value + D("1.00")
    assert audit_records(world) == []


def test_repair_revalues_a_corrupted_move_and_doctor_is_clean_after(
    world: System, post: Post, admin: Actor
) -> None:
    numbers = a_season(post)
    issue = move_of(world, numbers["issue"])
    corrupt(world, issue.id, value=issue.value + D("1.00"), unit_cost=D("0.5"))
    wrong = doctor(world)
    assert any(p.startswith(f"move {issue.id} ") for p in wrong)
    on_hand, value = balance(world, "MA")

    report = repair_books(admin, world.uow())

    repaired = move_of(world, numbers["issue"])
    assert (repaired.value, repaired.unit_cost) == (issue.value, issue.unit_cost)
    assert repaired.qty == issue.qty
    assert repaired.date == issue.date
    assert doctor(world) == []
    assert balance(world, "MA") == (on_hand, value)
    assert report.moves_revalued == 1
    with world.read_sessions() as session:
        streams = session.execute(select(func.count()).select_from(inventory.stock_balance))
        assert report.caches["stock_balance"] == streams.scalar_one()
    assert report.caches["stock_balance_changed"] == 0
    assert audit_records(world) == [
        {
            "username": "system",
            "entity": "books",
            "moves_revalued": 1,
            "moves": [
                {"move_id": issue.id, "value": [str(issue.value + D("1.00")), str(issue.value)]}
            ],
            "caches": report.caches,
            "period_totals_months": 0,
        }
    ]


def test_a_revalued_transfer_issue_carries_its_value_into_the_receiving_warehouse(
    world: System, post: Post, admin: Actor
) -> None:
    """Both legs written wrong alike (7.79 for 7.09): the issue is re-derived first, then,
    in a second round, its receiving leg and what follows it there."""
    numbers = a_season(post)
    out = move_of(world, numbers["transfer"], warehouse="W1")
    into = move_of(world, numbers["transfer"], warehouse="W2")
    corrupt(world, out.id, value=out.value - D("0.70"), value_after=out.value_after + D("0.70"))
    corrupt(world, into.id, value=into.value + D("0.70"), value_after=into.value_after + D("0.70"))
    later = post("other_issue", ("MA", "1"), warehouse="W2", day=date(2026, 10, 20))
    assert doctor(world) != []

    report = repair_books(admin, world.uow())

    assert move_of(world, numbers["transfer"], warehouse="W1").value == out.value
    assert move_of(world, numbers["transfer"], warehouse="W2").value == into.value
    assert into.value == D("7.09")
    assert move_of(world, later).value == D("-2.36")  # 1 of 3 worth 7.09
    assert report.moves_revalued == 2  # both legs; the later issue ends as it began
    assert doctor(world) == []


def test_repair_rebuilds_a_balance_that_disagrees_with_the_ledger(
    world: System, post: Post, admin: Actor
) -> None:
    a_season(post)
    on_hand, value = balance(world, "FIFO")
    with world.engine.begin() as connection:
        connection.execute(
            inventory.stock_balance.update().values(value=inventory.stock_balance.c.value + 7)
        )
    assert doctor(world) != []
    report = repair_books(admin, world.uow())
    assert report.moves_revalued == 0
    assert report.caches["stock_balance_changed"] == report.caches["stock_balance"]
    assert balance(world, "FIFO") == (on_hand, value)
    assert doctor(world) == []
