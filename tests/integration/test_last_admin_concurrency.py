"""Two of the last two administrators demoted at once (PostgreSQL): one change wins, the other
is refused as ``last_admin``; someone can still manage users (issue #16 item 12)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import DomainError
from openjxc.services import users

ROUNDS = 3  # each round a fresh pair: a race lost by chance once would still show


def _admins(system: System) -> list[str]:
    with system.uow() as uow:
        return sorted(u.username for u in uow.users.list_by(active=True) if "admin" in u.roles)


def _race(changes: list[Callable[[], object]]) -> list[BaseException]:
    gate = threading.Barrier(len(changes))
    failures: list[BaseException] = []

    def run(change: Callable[[], object]) -> None:
        gate.wait()
        try:
            change()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


@pytest.mark.parametrize("change", [{"roles": ("viewer",)}, {"active": False}])
def test_the_last_two_admins_taken_away_at_once_leave_one(
    system: System, change: dict[str, object]
) -> None:
    if system.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite takes one writer at a time)")
    operator = Actor.system()
    survivor = None
    for round in range(ROUNDS):
        pair = [f"a{round}", f"b{round}"]
        for name in pair:
            data = users.UserData(name, name, "Admin-pass-1", roles=("admin",))
            users.create_user(data, operator, system.uow())
        if survivor is not None:  # the pair becomes the last two administrators
            users.update_user(survivor, operator, system.uow(), **change)  # type: ignore[arg-type]
        assert _admins(system) == pair

        def take_away(name: str) -> Callable[[], object]:
            return lambda: users.update_user(name, operator, system.uow(), **change)  # type: ignore[arg-type]

        failures = _race([take_away(name) for name in pair])
        assert [getattr(f, "code", repr(f)) for f in failures] == ["last_admin"]
        assert all(isinstance(f, DomainError) for f in failures)
        survivors = _admins(system)
        assert len(survivors) == 1
        survivor = survivors[0]
