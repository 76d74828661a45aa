"""``jxc job …`` and ``jxc worker`` as an operator runs them: real processes, exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import jobs
from openjxc.bootstrap import System
from tests.e2e.test_cli import JXC, jxc


@pytest.fixture
def url(system: System) -> str:
    """An empty migrated database (SQLite file or PostgreSQL) for the CLI to work on."""
    return system.settings.database_url


def _runs(system: System) -> list[dict[str, object]]:
    with system.read_sessions() as session:
        rows = session.execute(select(jobs.job_run).order_by(jobs.job_run.c.id)).mappings()
        return [dict(r) for r in rows]


def test_job_list_shows_every_job_and_job_run_runs_one_and_logs_it(
    url: str, tmp_path: Path, system: System
) -> None:
    listed = jxc(url, tmp_path, "job", "list")
    assert listed.returncode == 0, listed.stderr
    for name in ("alert_check", "overdue_purchase_orders", "overdue_receivables"):
        assert name in listed.stdout
    assert "never run" in listed.stdout
    ran = jxc(url, tmp_path, "job", "run", "alert_check")
    assert ran.returncode == 0, ran.stderr
    assert "job alert_check done" in ran.stdout
    [run] = _runs(system)
    assert run["job"] == "alert_check"
    assert run["status"] == "succeeded"
    assert "succeeded" in jxc(url, tmp_path, "job", "list").stdout


def test_job_run_of_an_unknown_job_is_a_clear_error(url: str, tmp_path: Path) -> None:
    result = jxc(url, tmp_path, "job", "run", "no_such_job")
    assert result.returncode == 1
    assert "no_such_job" in result.stderr


def test_job_set_changes_the_stored_schedule_and_refuses_a_bad_one(
    url: str, tmp_path: Path
) -> None:
    done = jxc(url, tmp_path, "job", "set", "overdue_receivables", "--cron", "0 8 * * *")
    assert done.returncode == 0, done.stderr
    assert "cron 0 8 * * *" in done.stdout
    off = jxc(url, tmp_path, "job", "set", "alert_check", "--disable")
    assert "off" in off.stdout
    listed = jxc(url, tmp_path, "job", "list").stdout
    assert "0 8 * * *" in listed
    bad = jxc(url, tmp_path, "job", "set", "alert_check", "--cron", "61 * * * *")
    assert bad.returncode == 1
    assert "cron" in bad.stderr


def test_the_worker_runs_its_jobs_and_stops_gracefully_on_sigterm(
    url: str, tmp_path: Path, system: System
) -> None:
    environment = {**os.environ, "JXC_DATABASE_URL": url, "JXC_DATA_DIR": str(tmp_path)}
    worker = subprocess.Popen(
        [str(JXC), "worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        # the interval jobs run at start: wait until all three have finished once
        while time.monotonic() < deadline:
            finished = [r for r in _runs(system) if r["status"] == "succeeded"]
            if len({r["job"] for r in finished}) == 3:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"no runs: {_runs(system)}")
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert "stopped" in err
    assert all(r["status"] == "succeeded" for r in _runs(system))
    assert len(_runs(system)) == 3  # each ran once, none twice
