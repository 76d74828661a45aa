"""GET /jobs, /jobs/runs: the worker's jobs and their run log (system.admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.entrypoints.api.deps import CurrentActor, IdPath, PageDep, ReadSession, new_router
from openjxc.entrypoints.jobs.registry import JOBS
from openjxc.queries import jobs as queries

router = new_router(prefix="/jobs", tags=["jobs"])


class JobRead(BaseModel):
    name: str
    title: str = Field(description="what the job does, in Chinese")
    title_en: str
    cron: str | None = Field(description="crontab line (server time), or null")
    interval_seconds: int | None = Field(description="or every so many seconds")
    enabled: bool
    params: dict[str, Any] = Field(description="the job's own settings")
    running_since: datetime | None = Field(description="a worker runs it now, since")
    last_started_at: datetime | None
    last_status: str | None


class JobList(BaseModel):
    data: list[JobRead]
    count: int


class RunRead(BaseModel):
    id: int
    job: str
    owner: str = Field(description="the worker or command that ran it")
    started_at: datetime
    finished_at: datetime | None
    status: Literal["running", "succeeded", "failed"]
    result: str | None
    error: str | None = Field(description="the error text of a failed run")


class RunList(BaseModel):
    data: list[RunRead]
    count: int


@router.get("", response_model=JobList)
def list_jobs(session: ReadSession, actor: CurrentActor) -> JobList:
    """Every job with its schedule and latest run (system.admin)."""
    rows = queries.list_jobs(session, actor, clock.now())
    data = []
    for row in rows:
        spec = JOBS.get(row.name)
        titles = (spec.zh, spec.en) if spec else (row.name, row.name)
        data.append(
            JobRead(
                name=row.name,
                title=titles[0],
                title_en=titles[1],
                cron=row.cron,
                interval_seconds=row.interval_seconds,
                enabled=row.enabled,
                params=row.params,
                running_since=row.running_since,
                last_started_at=row.last_started_at,
                last_status=row.last_status,
            )
        )
    return JobList(data=data, count=len(data))


@router.get("/runs", response_model=RunList)
def list_runs(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    job: Annotated[str | None, Query(max_length=64)] = None,
    status: Literal["running", "succeeded", "failed"] | None = None,
) -> RunList:
    """The run log, newest first (system.admin)."""
    rows, count = queries.list_runs(
        session, actor, job=job, status=status, limit=page.limit, offset=page.offset
    )
    return RunList(
        data=[RunRead.model_validate(r, from_attributes=True) for r in rows], count=count
    )


@router.get("/runs/{run_id}", response_model=RunRead)
def get_run(session: ReadSession, actor: CurrentActor, run_id: IdPath) -> RunRead:
    """One run, with its error text (system.admin)."""
    row = queries.get_run(session, actor, run_id)
    if row is None:
        raise NotFound("job_run", run_id)
    return RunRead.model_validate(row, from_attributes=True)
