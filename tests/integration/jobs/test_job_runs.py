"""Runs of jobs on both databases: logged with their result or error text, and never two at
once of one job, whichever workers ask (threads against one database here)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import timedelta

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import jobs
from openjxc.bootstrap import System
from openjxc.domain.jobs.schedule import DEFAULT_LEASE, RunStatus
from openjxc.entrypoints.jobs import registry
from openjxc.services.jobs import run_job
from tests.integration.jobs.conftest import FakeClock


@pytest.fixture
def stored(system: System, fake_clock: FakeClock) -> System:
    registry.ensure_jobs(system)
    return system


def runs(system: System) -> list[dict[str, object]]:
    with system.read_sessions() as session:
        rows = session.execute(select(jobs.job_run).order_by(jobs.job_run.c.id)).mappings()
        return [dict(r) for r in rows]


def test_a_run_is_logged_with_its_start_end_and_result(
    stored: System, fake_clock: FakeClock
) -> None:
    outcome = run_job(
        "alert_check", lambda params: f"days {params['expiry_days']}", "w1", stored.uow
    )
    assert outcome.status is RunStatus.SUCCEEDED
    [row] = runs(stored)
    assert row["job"] == "alert_check"
    assert row["owner"] == "w1"
    assert row["status"] == "succeeded"
    assert row["result"] == "days 30"
    assert row["error"] is None
    assert row["started_at"] == fake_clock.at
    assert row["finished_at"] == fake_clock.at


def test_a_job_that_raises_leaves_a_failed_run_with_the_error_text_and_frees_the_job(
    stored: System,
) -> None:
    def broken(params: Mapping[str, object]) -> str:
        raise RuntimeError("the supplier's server did not answer")

    outcome = run_job("alert_check", broken, "w1", stored.uow)
    assert outcome.status is RunStatus.FAILED
    [row] = runs(stored)
    assert row["status"] == "failed"
    assert row["finished_at"] is not None
    assert "RuntimeError: the supplier's server did not answer" in str(row["error"])
    # the lease was let go: the next run goes ahead
    assert (
        run_job("alert_check", lambda params: "ok", "w2", stored.uow).status is RunStatus.SUCCEEDED
    )


def test_two_workers_never_run_the_same_job_at_once(stored: System) -> None:
    inside, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def slow(params: Mapping[str, object]) -> str:
        inside.set()
        assert release.wait(60)
        return "slow done"

    def first() -> None:
        outcomes["first"] = run_job("alert_check", slow, "worker-a", stored.uow)

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(60)  # worker A is running it
    second = run_job("alert_check", lambda params: "should not run", "worker-b", stored.uow)
    other = run_job("overdue_receivables", lambda params: "another job", "worker-b", stored.uow)
    release.set()
    thread.join(60)
    assert second.run_id is None  # held by A: B did not run it
    assert other.status is RunStatus.SUCCEEDED  # a different job is not held
    assert [(r["job"], r["owner"]) for r in runs(stored)] == [
        ("alert_check", "worker-a"),
        ("overdue_receivables", "worker-b"),
    ]


def test_two_workers_asking_at_the_same_moment_get_one_run(stored: System) -> None:
    gate = threading.Barrier(4)
    ran: list[str] = []
    returned = threading.Condition()
    gave_up: list[str] = []
    hold = threading.Event()

    def body(params: Mapping[str, object]) -> str:
        ran.append(threading.current_thread().name)
        assert hold.wait(60)
        return "done"

    def ask() -> None:
        gate.wait()
        outcome = run_job("alert_check", body, threading.current_thread().name, stored.uow)
        with returned:
            if outcome.run_id is None:
                gave_up.append(threading.current_thread().name)
            returned.notify_all()

    threads = [threading.Thread(target=ask, name=f"worker-{n}") for n in range(4)]
    for thread in threads:
        thread.start()
    with returned:  # the three that found the job held have returned; the runner is inside
        assert returned.wait_for(lambda: len(gave_up) == 3, timeout=60)
    hold.set()
    for thread in threads:
        thread.join(60)
    assert len(ran) == 1
    assert len(runs(stored)) == 1


def test_a_lease_left_by_a_dead_worker_runs_out(stored: System, fake_clock: FakeClock) -> None:
    with stored.uow() as uow:  # a worker took the job and died
        assert uow.jobs.take_lease(
            "alert_check", "dead", fake_clock.at, fake_clock.at + DEFAULT_LEASE
        )
        uow.commit()
    assert run_job("alert_check", lambda params: "x", "w1", stored.uow).run_id is None
    fake_clock.at += DEFAULT_LEASE + timedelta(seconds=1)
    assert (
        run_job("alert_check", lambda params: "x", "w1", stored.uow).status is RunStatus.SUCCEEDED
    )
