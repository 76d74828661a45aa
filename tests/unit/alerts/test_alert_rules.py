"""Alert rules fire once when a subject crosses the line and re-arm when it recovers."""

from __future__ import annotations

import pytest

from openjxc.domain.alerts.rules import Observation, Rule, changes, is_recipient
from openjxc.domain.jobs.schedule import Schedule
from openjxc.domain.shared.errors import ValidationError


def seen(*subjects: str) -> list[Observation]:
    return [Observation(Rule.BELOW_SAFETY, s, f"title {s}", "body", "/stock") for s in subjects]


def test_a_subject_newly_across_the_line_fires() -> None:
    result = changes(set(), seen("p1:w1"))
    assert [o.subject for o in result.fire] == ["p1:w1"]
    assert result.rearm == ()


def test_a_subject_still_across_the_line_does_not_fire_again() -> None:
    result = changes({"p1:w1"}, seen("p1:w1", "p2:w1"))
    assert [o.subject for o in result.fire] == ["p2:w1"]
    assert result.rearm == ()


def test_a_subject_that_recovered_is_re_armed_and_fires_on_its_next_crossing() -> None:
    recovered = changes({"p1:w1"}, [])
    assert recovered.fire == ()
    assert recovered.rearm == ("p1:w1",)
    again = changes(set(), seen("p1:w1"))
    assert [o.subject for o in again.fire] == ["p1:w1"]


def test_a_subject_observed_twice_in_one_check_fires_once() -> None:
    assert len(changes(set(), seen("p1:w1", "p1:w1")).fire) == 1


def test_recipients_are_chosen_by_role() -> None:
    assert is_recipient(Rule.BELOW_SAFETY, ["store_manager"])
    assert is_recipient(Rule.RECEIVABLE_OVERDUE, ["finance"])
    assert not is_recipient(Rule.RECEIVABLE_OVERDUE, ["warehouse"])
    assert not is_recipient(Rule.PURCHASE_ORDER_OVERDUE, ["sales", "viewer"])


@pytest.mark.parametrize(
    ("cron", "interval", "code"),
    [
        (None, None, "schedule_needs_one"),
        ("0 8 * * *", 600, "schedule_needs_one"),
        ("0 8 * *", None, "invalid_cron"),
        (None, 59, "invalid_interval"),
    ],
)
def test_a_schedule_is_one_cron_line_or_one_interval(
    cron: str | None, interval: int | None, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Schedule(cron, interval)
    assert refused.value.code == code


def test_a_valid_schedule_describes_itself() -> None:
    assert Schedule("0 8 * * *").describe() == "cron 0 8 * * *"
    assert Schedule(interval_seconds=600).describe() == "every 600s"
