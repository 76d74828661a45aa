"""``jxc worker``: APScheduler runs the stored schedule; a stop waits for the running job.

The schedule is read from the ``job`` table at start and again every minute, so a job
switched off or rescheduled (``jxc job set``) takes effect without a restart. Each firing
goes through ``registry.run``, which takes the job's lease in the database: two workers (or
a worker and ``jxc job run`` from cron) never run one job at the same time. Jobs run one at
a time in each worker (SQLite has one writer anyway).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from datetime import timedelta
from types import FrameType

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.jobs import registry
from openjxc.queries.jobs import JobRow, list_jobs

log = logging.getLogger("openjxc.worker")

#: set (to "1") by ``jxc serve --with-worker`` for the server process it starts
WORKER_IN_SERVER = "JXC_WORKER_IN_SERVER"
#: how often the stored schedule is read again
REFRESH_SECONDS = 60
_REFRESH_ID = "__schedule__"


def worker_name() -> str:
    """Who holds a lease: this host and process (and a nonce: a pid is reused)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def check_cron(line: str) -> None:
    """Refuse a crontab line the scheduler would not take (a minute of 61, a day of 32)."""
    try:
        CronTrigger.from_crontab(line)
    except ValueError as error:
        raise ValidationError("invalid_cron", field="cron", value=line) from error


def trigger_of(row: JobRow) -> BaseTrigger:
    if row.cron is not None:
        return CronTrigger.from_crontab(row.cron)
    assert row.interval_seconds is not None
    return IntervalTrigger(seconds=row.interval_seconds)


class Worker:
    """The scheduler over one system. ``start``/``stop`` for a thread of another process
    (``jxc serve --with-worker``); ``run_until_signalled`` for ``jxc worker``."""

    def __init__(self, system: System, name: str | None = None):
        self.system = system
        self.name = name or worker_name()
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
        )
        self._plans: dict[str, tuple[str | None, int | None]] = {}
        self._stop = threading.Event()

    def start(self) -> None:
        registry.ensure_jobs(self.system)
        self.sync()
        self.scheduler.add_job(self.sync, IntervalTrigger(seconds=REFRESH_SECONDS), id=_REFRESH_ID)
        self.scheduler.start()
        log.info("worker %s started: %s", self.name, ", ".join(sorted(self._plans)) or "no jobs")

    def stop(self) -> None:
        """Stop scheduling and wait for the running job to finish (its run is logged)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        log.info("worker %s stopped", self.name)

    def run_until_signalled(self) -> None:
        """Run until SIGTERM or SIGINT, then stop gracefully."""

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            log.info("worker %s: signal %s, finishing the running job", self.name, signum)
            self._stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        self.start()
        try:
            while not self._stop.wait(1):
                pass
        finally:
            self.stop()

    def sync(self) -> None:
        """Bring the scheduler in line with the stored schedule."""
        with self.system.read_sessions() as session:
            rows = list_jobs(session, Actor.system(), clock.now())
        wanted = {r.name: r for r in rows if r.enabled and r.name in registry.JOBS}
        for name in list(self._plans):
            if name not in wanted:
                self.scheduler.remove_job(name)
                del self._plans[name]
        for name, row in wanted.items():
            plan = (row.cron, row.interval_seconds)
            if self._plans.get(name) == plan:
                continue
            try:
                trigger = trigger_of(row)
            except ValueError as error:
                log.error("job %s: schedule %s not understood: %s", name, plan, error)
                continue
            if name in self._plans:
                self.scheduler.reschedule_job(name, trigger=trigger)
            else:
                # an interval job runs at start too: a fresh demo shows its alerts at once
                first = clock.now() + timedelta(seconds=1) if row.cron is None else None
                extra = {"next_run_time": first} if first else {}
                self.scheduler.add_job(self._run, trigger, args=[name], id=name, **extra)
            self._plans[name] = plan

    def _run(self, name: str) -> None:
        try:
            outcome = registry.run(self.system, name, self.name)
        except Exception:
            log.exception("job %s could not be run", name)
            return
        if outcome.run_id is None:
            log.info("job %s: held by another worker, skipped", name)
        elif outcome.error:
            log.error("job %s failed (run %s): %s", name, outcome.run_id, outcome.error)
        else:
            log.info("job %s done (run %s): %s", name, outcome.run_id, outcome.result)
