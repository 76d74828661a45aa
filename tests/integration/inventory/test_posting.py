"""The posting engine over the service layer, with hand-computed figures (SQLite and PostgreSQL)."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.inventory import approval, posting
from openjxc.services.inventory.ledger import Stream, StreamKey
from tests.integration.inventory.conftest import DAY, Post, balance, doctor

D = Decimal


def test_opening_stock_and_receipts_value_at_the_given_cost(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    post("other_receipt", ("MA", "1", "3.50"))  # 1 个 at 3.50
    assert balance(world, "MA") == (D(11), D("23.50"))
    assert doctor(world) == []


def test_moving_average_issue_takes_the_average_cost(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "10", "2.00"))  # 10 @ 2.00 = 20.00
    post("other_receipt", ("MA", "20", "3.50"))  # +70.00 -> 30 @ 3.00 = 90.00
    post("other_issue", ("MA", "12"))  # 12 x 3.00 = 36.00 -> 18, 54.00
    assert balance(world, "MA") == (D(18), D("54.00"))
    post("other_issue", ("MA", "18"))  # everything: exactly the 54.00 left
    assert balance(world, "MA") == (D(0), D(0))
    assert doctor(world) == []


def test_fifo_issues_the_oldest_layers_first(world: System, post: Post) -> None:
    post("opening_stock", ("FIFO", "10", "2.00"))
    post("other_receipt", ("FIFO", "10", "3.00"))
    post("other_issue", ("FIFO", "15"))  # 10 x 2.00 + 5 x 3.00 = 35.00 -> 5 @ 3.00 left
    assert balance(world, "FIFO") == (D(5), D("15.00"))
    assert doctor(world) == []


def test_units_convert_to_the_base_unit_exactly(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "2", {"unit": "箱", "unit_cost": "48"}))  # 2 箱 = 48 个, 96.00
    assert balance(world, "MA") == (D(48), D("96.00"))
    post("other_issue", ("MA", "0.5", {"unit": "箱"}))  # 12 个 at 2.00
    assert balance(world, "MA") == (D(36), D("72.00"))


def test_a_fraction_of_an_indivisible_unit_is_refused(world: System, post: Post) -> None:
    with pytest.raises(ValidationError) as error:
        post("opening_stock", ("MA", "0.1", {"unit": "箱", "unit_cost": "48"}))  # 2.4 个
    assert error.value.code == "invalid_lines"
    assert error.value.details[0]["code"] == "base_quantity_not_whole"


def test_an_issue_beyond_stock_is_refused_naming_every_short_line(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "5", "2"), ("FIFO", "1", "2"))
    number = post("other_issue", ("MA", "6"), ("FIFO", "1"), ("KG", "3"), approve=False)
    with pytest.raises(ValidationError) as error:
        approval.approve_document(number, Actor.system(), world.uow())
    assert error.value.code == "insufficient_stock"
    short = {
        d["product"]: (d["requested"], d["available"], d["warehouse"]) for d in error.value.details
    }
    assert short == {"MA": ("6", "5", "W1"), "KG": ("3.000", "0.000", "W1")}  # kg to 3 places
    assert balance(world, "MA") == (D(5), D("10.00"))  # nothing changed
    assert doctor(world) == []


def test_a_warehouse_that_allows_negative_stock_values_the_shortfall_at_the_last_cost(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "2", "2.00"), warehouse="NEG")
    post("other_issue", ("MA", "5"), warehouse="NEG")  # 2 at 2.00 + 3 provisional at 2.00
    assert balance(world, "MA", "NEG") == (D(-3), D("-6.00"))
    post("other_receipt", ("MA", "3", "3.00"), warehouse="NEG")  # settles: back to zero value
    assert balance(world, "MA", "NEG") == (D(0), D(0))
    assert doctor(world) == []


def test_a_transfer_carries_the_source_cost(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "10", "2.00"))
    post("other_receipt", ("MA", "10", "4.00"))  # 20 @ 3.00
    post("transfer", ("MA", "5"), to_warehouse="W2")
    assert balance(world, "MA", "W1") == (D(15), D("45.00"))
    assert balance(world, "MA", "W2") == (D(5), D("15.00"))
    assert doctor(world) == []


def test_a_backdated_issue_that_would_make_the_past_negative_is_refused(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "5", "2"), day=date(2026, 10, 1))
    post("other_issue", ("MA", "5"), day=date(2026, 10, 20))
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "1"), day=date(2026, 10, 5))  # the 20th would go to -1
    assert error.value.code == "insufficient_stock"
    assert doctor(world) == []


def test_posting_never_pauses_the_process_wide_cycle_collector(
    world: System, post: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gc.disable() is process-wide: under the threaded server one request's posting would
    resume the collector in the middle of another's pause, or leave it off for all."""
    seen: list[bool] = []
    real = posting._post

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    def refuse() -> None:
        raise AssertionError("posting paused the cycle collector")

    monkeypatch.setattr(posting, "_post", spy)
    monkeypatch.setattr(gc, "disable", refuse)
    post("opening_stock", ("MA", "5", "2"), day=date(2026, 10, 1))
    post("other_issue", ("MA", "1"), day=date(2026, 10, 3))
    post("other_receipt", ("MA", "1", "3"), day=date(2026, 10, 2))  # backdated: re-costs
    assert seen == [True, True, True]
    assert gc.isenabled()
    assert balance(world, "MA") == (D(5), D("10.83"))  # 13.00 less 1 of 6


def test_a_backdated_receipt_recosts_the_later_issues(world: System, post: Post) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 10, 1))  # 10 @ 2
    post("other_issue", ("MA", "10"), day=date(2026, 10, 20))  # 20.00 out
    post(
        "other_receipt", ("MA", "10", "4.00"), day=date(2026, 10, 5)
    )  # now 20 @ 3 before the issue
    assert balance(world, "MA") == (D(10), D("30.00"))  # the issue took 10 x 3.00
    assert doctor(world) == []


def test_a_recosted_transfer_issue_recosts_the_receiving_warehouse(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 10, 1))
    post("transfer", ("MA", "10"), to_warehouse="W2", day=date(2026, 10, 20))  # W2 gets 20.00
    post("other_receipt", ("MA", "10", "4.00"), day=date(2026, 10, 5))  # W1 average 3.00 before
    assert balance(world, "MA", "W2") == (D(10), D("30.00"))
    assert balance(world, "MA", "W1") == (D(10), D("30.00"))
    assert doctor(world) == []


def test_a_recost_that_follows_a_transfer_locks_every_stream_first_in_key_order(
    world: System, post: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DESIGN §3.11: a posting locks its streams in one sorted order. Backdating into W2,
    whose tail sends goods to W1 (a lower key), must lock W1 before W2, not when the
    re-cost reaches it."""
    from openjxc.adapters.db.ledger import SqlLedger

    post("opening_stock", ("MA", "10", "2.00"), warehouse="W2", day=date(2026, 10, 1))
    post("transfer", ("MA", "10"), warehouse="W2", to_warehouse="W1", day=date(2026, 10, 20))
    calls: list[list[tuple[int, int]]] = []
    real = SqlLedger.lock

    def recording(self: SqlLedger, keys: Sequence[StreamKey]) -> dict[StreamKey, Stream]:
        calls.append([tuple(k) for k in keys])
        return real(self, keys)

    monkeypatch.setattr(SqlLedger, "lock", recording)
    post("other_receipt", ("MA", "10", "4.00"), warehouse="W2", day=date(2026, 10, 5))
    assert balance(world, "MA", "W1") == (D(10), D("30.00"))  # the re-cost reached W1
    first_locks = list(dict.fromkeys(key for call in calls for key in call))
    assert len(first_locks) == 2, calls
    assert first_locks == sorted(first_locks), calls
    assert doctor(world) == []


def test_unapprove_reverses_the_moves_and_returns_to_draft(
    world: System, post: Post, admin: Actor
) -> None:
    number = post("opening_stock", ("MA", "10", "2.00"))
    approval.unapprove_document(number, admin, world.uow())
    assert balance(world, "MA") == (D(0), D(0))
    assert doctor(world) == []
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA") == (D(10), D("20.00"))
    assert doctor(world) == []


def test_unapproving_a_fifo_receipt_takes_back_its_own_layer(
    world: System, post: Post, admin: Actor
) -> None:
    """A: 10 @ 1.00, B: 10 @ 2.00; 反审核 of B leaves A's 10 @ 1.00, also after a backdated
    receipt makes the stream replay the reversal."""
    post("opening_stock", ("FIFO", "10", "1.00"), day=date(2026, 10, 1))
    second = post("other_receipt", ("FIFO", "10", "2.00"), day=date(2026, 10, 2))
    approval.unapprove_document(second, admin, world.uow())
    assert balance(world, "FIFO") == (D(10), D("10.00"))
    assert doctor(world) == []
    post("other_receipt", ("FIFO", "5", "3.00"), day=date(2026, 9, 30))
    post("other_issue", ("FIFO", "5"), day=date(2026, 10, 3))  # the oldest: 5 @ 3.00
    assert balance(world, "FIFO") == (D(10), D("10.00"))
    assert doctor(world) == []


def test_unapprove_is_refused_when_later_issues_depend_on_the_stock(
    world: System, post: Post, admin: Actor
) -> None:
    receipt = post("opening_stock", ("MA", "10", "2.00"))
    post("other_issue", ("MA", "8"))
    with pytest.raises(ValidationError) as error:
        approval.unapprove_document(receipt, admin, world.uow())
    assert error.value.code == "insufficient_stock"
    assert balance(world, "MA") == (D(2), D("4.00"))


def test_batches_are_picked_first_expiry_first_and_held_batches_are_skipped(
    world: System, post: Post, admin: Actor
) -> None:
    post(
        "opening_stock",
        ("CREAM", "5", {"unit_cost": "30", "batch": "B-LATE", "expiry": date(2026, 12, 31)}),
    )
    post(
        "opening_stock",
        ("CREAM", "5", {"unit_cost": "30", "batch": "B-SOON", "expiry": date(2026, 11, 15)}),
    )
    post("other_issue", ("CREAM", "6"))  # 5 from B-SOON, 1 from B-LATE
    from openjxc.queries.stock import batch_balances

    with world.read_sessions() as session:
        left = {r["batch"]: r["on_hand"] for r in batch_balances(session, admin)}
    assert left == {"B-LATE": D(4)}
    assert doctor(world) == []


def test_an_expired_batch_is_not_picked(world: System, post: Post) -> None:
    post(
        "opening_stock",
        ("CREAM", "5", {"unit_cost": "30", "batch": "OLD", "expiry": date(2026, 10, 1)}),
    )
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("CREAM", "1"))  # dated 10-10: OLD expired on 10-01
    assert error.value.code == "insufficient_stock"


def test_nothing_posts_into_a_closed_month(world: System, post: Post, admin: Actor) -> None:
    from openjxc.services.inventory import periods

    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 9, 1))
    periods.close_period("2026-09", admin, world.uow())
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "1"), day=date(2026, 9, 15))
    assert error.value.code == "period_closed"
    assert doctor(world) == []
    periods.reopen_period("2026-09", admin, world.uow())
    post("other_issue", ("MA", "1"), day=date(2026, 9, 15))
    assert balance(world, "MA") == (D(9), D("18.00"))
    assert DAY.month == 10
