"""A burst of logins from one address as its back-off opens (PostgreSQL): one is heard, the
rest wait their turn and find the address held back again."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import insert

from openjxc.adapters.db.tables.access import login_failure
from openjxc.bootstrap import System
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError
from openjxc.services import auth

ADDRESS = "203.0.113.7"
BURST = 6


def test_a_burst_at_the_opening_of_the_back_off_gets_one_guess(system: System) -> None:
    if system.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite takes one writer at a time)")
    free = system.settings.login_address_free_failures
    long_ago = clock.now() - timedelta(seconds=30)  # the 1 s wait after them is over
    with system.engine.begin() as connection:
        connection.execute(
            insert(login_failure),
            [{"username": f"guess{n}", "address": ADDRESS, "at": long_ago} for n in range(free)],
        )
    gate = threading.Barrier(BURST)
    codes: list[str] = []

    def guess(n: int) -> None:
        gate.wait()
        try:
            auth.login(f"burst{n}", "Wrong-pass-1", ADDRESS, system.uow(), system.settings)
        except DomainError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == ["invalid_credentials"] + ["too_many_attempts"] * (BURST - 1)
