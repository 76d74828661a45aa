"""任务记录: the worker's jobs and the log of their runs (system.admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.entrypoints.jobs.registry import JOBS
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.params import Text
from openjxc.entrypoints.web.templating import render
from openjxc.queries import jobs as queries

router = web_router(prefix="/jobs")
PAGE = 50


@router.get("")
def list_jobs(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    job: Text = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Each job's schedule and latest run, then the runs, newest first, with their errors."""
    actor.require(Permission.SYSTEM_ADMIN)
    jobs = queries.list_jobs(db, actor, clock.now())
    runs, count = queries.list_runs(db, actor, job=job, limit=PAGE, offset=offset)
    values = {
        "jobs": jobs,
        "titles": {name: (spec.zh, spec.en) for name, spec in JOBS.items()},
        "runs": runs,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "job": job or "",
    }
    return render(request, "jobs.html", values, block="runs")
