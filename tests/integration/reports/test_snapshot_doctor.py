"""`jxc doctor` checks the period snapshots the reports start from: streams, batches, strays."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services.inventory import periods
from tests.integration.inventory.conftest import Post, doctor


def _closed_september(world: System, post: Post, admin: Actor) -> None:
    expiry = date(2026, 9, 1) + timedelta(days=400)
    post("other_receipt", ("MA", "10", "2"), day=date(2026, 9, 2))
    post(
        "other_receipt",
        ("CREAM", "4", {"unit_cost": "5", "batch": "B9", "expiry": expiry}),
        day=date(2026, 9, 3),
    )
    periods.close_period("2026-09", admin, world.uow())


def _sql(world: System, statement: str) -> None:
    with world.engine.begin() as connection:
        connection.execute(text(statement))


def test_a_healthy_snapshot_passes(world: System, post: Post, admin: Actor) -> None:
    _closed_september(world, post, admin)
    assert doctor(world) == []


def test_a_batch_snapshot_that_differs_from_the_ledger_is_reported(
    world: System, post: Post, admin: Actor
) -> None:
    _closed_september(world, post, admin)
    _sql(world, "update period_snapshot set qty = qty + 1000000 where batch_id is not null")
    assert [p for p in doctor(world) if "batch" in p and "differs" in p]


def test_a_snapshot_row_without_moves_is_reported(world: System, post: Post, admin: Actor) -> None:
    _closed_september(world, post, admin)
    _sql(
        world,
        "insert into period_snapshot (month, product_id, warehouse_id, batch_id, qty, value)"
        " select '2026-09', p.id, w.id, null, 0, 0 from product p, warehouse w"
        " where p.code = 'KG' and w.code = 'W2'",
    )
    problems = doctor(world)
    assert len(problems) == 1
    assert "has no move before the month's end" in problems[0]


def _closed_september_and_october(world: System, post: Post, admin: Actor) -> None:
    """MA moves in both months; CREAM only in September (its October snapshot carries)."""
    _closed_september(world, post, admin)
    post("other_issue", ("MA", "3"), day=date(2026, 10, 5))
    periods.close_period("2026-10", admin, world.uow())


def _snapshot_problems(world: System) -> list[str]:
    return [p for p in doctor(world) if "snapshot of product" in p]


def test_two_closed_months_with_a_carried_stream_pass(
    world: System, post: Post, admin: Actor
) -> None:
    _closed_september_and_october(world, post, admin)
    assert doctor(world) == []


def test_a_snapshot_value_off_by_a_cent_is_reported_for_its_month_only(
    world: System, post: Post, admin: Actor
) -> None:
    _closed_september_and_october(world, post, admin)
    _sql(
        world,
        "update period_snapshot set value = value + 1 where month = '2026-10' and batch_id is null"
        " and product_id = (select id from product where code = 'MA')",
    )
    problems = _snapshot_problems(world)
    assert len(problems) == 1
    assert problems[0].startswith("period 2026-10:")


def test_a_missing_snapshot_row_of_a_stream_that_did_not_move_is_reported(
    world: System, post: Post, admin: Actor
) -> None:
    _closed_september_and_october(world, post, admin)
    _sql(
        world,
        "delete from period_snapshot where month = '2026-10' and batch_id is null"
        " and product_id = (select id from product where code = 'CREAM')",
    )
    problems = _snapshot_problems(world)
    assert len(problems) == 1
    assert problems[0].startswith("period 2026-10:")


def test_a_september_error_is_not_repeated_in_october(
    world: System, post: Post, admin: Actor
) -> None:
    """Each month is checked against the ledger's sums, not against the month before."""
    _closed_september_and_october(world, post, admin)
    _sql(
        world,
        "update period_snapshot set qty = qty + 1000000 where month = '2026-09'"
        " and batch_id is null and product_id = (select id from product where code = 'MA')",
    )
    problems = _snapshot_problems(world)
    assert len(problems) == 1
    assert problems[0].startswith("period 2026-09:")
