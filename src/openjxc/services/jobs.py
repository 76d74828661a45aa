"""Use cases of the worker's jobs: keep their schedules, run one under its lease, log it.

A job's *body* (what it does) is composed by the entrypoint that knows the queries it
needs; this module only knows that it is run once at a time, and that every run is logged
with its result or its error, whatever the body does.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.jobs.schedule import DEFAULT_LEASE, Job, RunStatus, Schedule
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.services.unit_of_work import UnitOfWork

#: a job's work: its stored settings in, a short summary of what it did out
JobBody = Callable[[Mapping[str, object]], str]
#: the error text kept with a failed run, at most (the end of the traceback)
ERROR_TEXT_LIMIT = 4000


@dataclass(frozen=True)
class RunOutcome:
    """What became of a request to run a job. ``run_id`` is None when it did not run
    because another worker holds it."""

    run_id: int | None
    status: RunStatus | None = None
    result: str | None = None
    error: str | None = None


def ensure_jobs(defaults: Iterable[Job], uow: UnitOfWork) -> list[str]:
    """Store the jobs this code knows that the database lacks, with their default schedule;
    stored ones keep theirs. Returns the names added."""
    with uow:
        known = {job.name for job in uow.jobs.all()}
        added = [job for job in defaults if job.name not in known]
        for job in added:
            uow.jobs.add(job)
        uow.commit()
    return [job.name for job in added]


def set_job(
    name: str,
    actor: Actor,
    uow: UnitOfWork,
    *,
    schedule: Schedule | None = None,
    enabled: bool | None = None,
    params: Mapping[str, object] | None = None,
) -> Job:
    """Change a job's schedule, switch it on or off, or change its settings (system.admin)."""
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        job = uow.jobs.get(name)
        if job is None:
            raise NotFound("job", name)
        changed = replace(
            job,
            schedule=schedule or job.schedule,
            enabled=job.enabled if enabled is None else enabled,
            params={**(job.params or {}), **(params or {})},
        )
        uow.jobs.update(changed)
        uow.audit.record(actor, "job.update", "job", name, _state(job), _state(changed))
        uow.commit()
    return changed


def _state(job: Job) -> dict[str, object]:
    return {
        "cron": job.schedule.cron,
        "interval_seconds": job.schedule.interval_seconds,
        "enabled": job.enabled,
        "params": dict(job.params or {}),
    }


def run_job(
    name: str,
    body: JobBody,
    owner: str,
    uows: Callable[[], UnitOfWork],
    lease: timedelta = DEFAULT_LEASE,
) -> RunOutcome:
    """Run the job once, unless another worker holds it: take its lease and log the start
    (one transaction), run the body, then log the end — result or error text — and let
    the lease go (another). A body that raises leaves a failed run, never a silent one."""
    started = clock.now()
    with uows() as uow:
        job = uow.jobs.get(name)
        if job is None:
            raise NotFound("job", name)
        if not uow.jobs.take_lease(name, owner, started, started + lease):
            return RunOutcome(None)
        run_id = uow.jobs.start_run(name, owner, started)
        uow.commit()
    status, result, error = RunStatus.FAILED, None, None
    try:
        result = body(job.params or {})
        status = RunStatus.SUCCEEDED
    except BaseException as failure:
        error = "".join(traceback.format_exception(failure))[-ERROR_TEXT_LIMIT:]
        if not isinstance(failure, Exception):
            raise  # (logged below) an interrupt still stops the process
    finally:
        with uows() as uow:
            uow.jobs.finish_run(run_id, clock.now(), status, result, error)
            uow.jobs.release_lease(name, owner)
            uow.commit()
    return RunOutcome(run_id, status, result, error)
