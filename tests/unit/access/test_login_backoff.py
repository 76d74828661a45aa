from datetime import UTC, datetime, timedelta

from openjxc.domain.access.throttle import Backoff

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
BACKOFF = Backoff(free_failures=5, max_wait=timedelta(minutes=15))


def test_the_first_failures_cost_no_wait() -> None:
    assert [BACKOFF.wait(n, NOW, NOW) for n in range(5)] == [0, 0, 0, 0, 0]


def test_each_failure_past_the_free_ones_doubles_the_wait() -> None:
    assert [BACKOFF.wait(n, NOW, NOW) for n in range(5, 10)] == [1, 2, 4, 8, 16]


def test_the_wait_is_capped_so_no_account_is_ever_locked_for_long() -> None:
    assert BACKOFF.wait(1000, NOW, NOW) == 15 * 60


def test_the_wait_counts_from_the_last_failure() -> None:
    last = NOW - timedelta(seconds=3)
    assert BACKOFF.wait(7, last, NOW) == 1
    assert BACKOFF.wait(7, last - timedelta(seconds=1), NOW) == 0
