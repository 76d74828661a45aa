"""The worker's jobs with their last run, and the run log (任务记录)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import jobs as t
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.queries._paging import page_of
from openjxc.queries.rows import row_of

j, r = t.job, t.job_run


@dataclass(frozen=True, slots=True)
class JobRow:
    name: str
    cron: str | None
    interval_seconds: int | None
    enabled: bool
    params: dict[str, Any]
    running_since: datetime | None  # a worker holds it (until its lease runs out)
    last_started_at: datetime | None
    last_status: str | None


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    job: str
    owner: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    result: str | None
    error: str | None


def list_jobs(session: Session, actor: Actor, now: datetime) -> list[JobRow]:
    """Every job with its schedule and its latest run (system.admin)."""
    actor.require(Permission.SYSTEM_ADMIN)
    latest = select(r.c.job, func.max(r.c.id).label("run_id")).group_by(r.c.job).subquery("latest")
    last = r.alias("last")
    rows = session.execute(
        select(
            j.c.name,
            j.c.cron,
            j.c.interval_seconds,
            j.c.enabled,
            j.c.params,
            j.c.lease_owner,
            j.c.lease_until,
            last.c.started_at.label("last_started_at"),
            last.c.status.label("last_status"),
        )
        .outerjoin(latest, latest.c.job == j.c.name)
        .outerjoin(last, last.c.id == latest.c.run_id)
        .order_by(j.c.name)
    )
    result = []
    for row in rows:
        held = row.lease_owner is not None and row.lease_until and row.lease_until > now
        result.append(
            JobRow(
                name=row.name,
                cron=row.cron,
                interval_seconds=row.interval_seconds,
                enabled=row.enabled,
                params=dict(row.params or {}),
                running_since=row.last_started_at if held else None,
                last_started_at=row.last_started_at,
                last_status=row.last_status,
            )
        )
    return result


def list_runs(
    session: Session,
    actor: Actor,
    *,
    job: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[RunRow], int]:
    """The run log, newest first (system.admin)."""
    actor.require(Permission.SYSTEM_ADMIN)
    query = select(
        r.c.id,
        r.c.job,
        r.c.owner,
        r.c.started_at,
        r.c.finished_at,
        r.c.status,
        r.c.result,
        r.c.error,
    )
    if job:
        query = query.where(r.c.job == job)
    if status:
        query = query.where(r.c.status == status)
    return page_of(session, query, r.c.id.desc(), limit, offset, RunRow)


def get_run(session: Session, actor: Actor, run_id: int) -> RunRow | None:
    actor.require(Permission.SYSTEM_ADMIN)
    row = session.execute(select(r).where(r.c.id == run_id)).first()
    return None if row is None else row_of(RunRow, row)
