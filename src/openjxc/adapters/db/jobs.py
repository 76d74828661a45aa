"""Jobs, their leases and runs; alert states; notifications — on the unit of work's session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import jobs as t
from openjxc.domain.alerts.rules import Observation
from openjxc.domain.jobs.schedule import Job, RunStatus, Schedule


def _job(row: Any) -> Job:
    return Job(
        name=row.name,
        schedule=Schedule(row.cron, row.interval_seconds),
        enabled=row.enabled,
        params=dict(row.params or {}),
    )


def _values(job: Job) -> dict[str, Any]:
    return {
        "cron": job.schedule.cron,
        "interval_seconds": job.schedule.interval_seconds,
        "enabled": job.enabled,
        "params": dict(job.params or {}),
    }


class SqlJobs:
    def __init__(self, session: Session):
        self.session = session

    def all(self) -> list[Job]:
        return [_job(r) for r in self.session.execute(select(t.job).order_by(t.job.c.name))]

    def get(self, name: str) -> Job | None:
        row = self.session.execute(select(t.job).where(t.job.c.name == name)).first()
        return None if row is None else _job(row)

    def add(self, job: Job) -> None:
        self.session.execute(insert(t.job).values(name=job.name, **_values(job)))

    def update(self, job: Job) -> None:
        self.session.execute(update(t.job).where(t.job.c.name == job.name).values(**_values(job)))

    def take_lease(self, name: str, owner: str, now: datetime, until: datetime) -> bool:
        # one conditional UPDATE: on PostgreSQL a second worker's waits for the first's row
        # lock, then finds the lease taken and updates nothing; SQLite writes one at a time
        j = t.job.c
        free = or_(j.lease_owner.is_(None), j.lease_until.is_(None), j.lease_until <= now)
        result = self.session.execute(
            update(t.job)
            .where(and_(j.name == name, free))
            .values(lease_owner=owner, lease_until=until)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def release_lease(self, name: str, owner: str) -> None:
        j = t.job.c
        self.session.execute(
            update(t.job)
            .where(j.name == name, j.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )

    def start_run(self, name: str, owner: str, at: datetime) -> int:
        result = self.session.execute(
            insert(t.job_run)
            .values(job=name, owner=owner, started_at=at, status=RunStatus.RUNNING.value)
            .returning(t.job_run.c.id)
        )
        return int(result.scalar_one())

    def finish_run(
        self, run_id: int, at: datetime, status: RunStatus, result: str | None, error: str | None
    ) -> None:
        self.session.execute(
            update(t.job_run)
            .where(t.job_run.c.id == run_id)
            .values(finished_at=at, status=status.value, result=result, error=error)
        )


class SqlAlertStates:
    def __init__(self, session: Session):
        self.session = session

    def fired(self, rule: str) -> set[str]:
        s = t.alert_state.c
        return set(self.session.execute(select(s.subject).where(s.rule == rule)).scalars())

    def fire(self, rule: str, subjects: list[str], at: datetime) -> None:
        if subjects:
            self.session.execute(
                insert(t.alert_state),
                [{"rule": rule, "subject": subject, "fired_at": at} for subject in subjects],
            )

    def rearm(self, rule: str, subjects: list[str]) -> None:
        s = t.alert_state.c
        for start in range(0, len(subjects), 500):  # bounded IN lists
            chunk = subjects[start : start + 500]
            self.session.execute(delete(t.alert_state).where(s.rule == rule, s.subject.in_(chunk)))


class SqlNotifications:
    def __init__(self, session: Session):
        self.session = session

    def add(self, message: Observation, user_ids: list[int], at: datetime) -> int:
        result = self.session.execute(
            insert(t.notification)
            .values(
                kind=message.rule.value,
                subject=message.subject,
                title=message.title[:200],
                body=message.body,
                link=message.link[:500],
                organisation_id=message.organisation_id,
                warehouse_id=message.warehouse_id,
                created_at=at,
            )
            .returning(t.notification.c.id)
        )
        notification_id = int(result.scalar_one())
        if user_ids:
            self.session.execute(
                insert(t.notification_recipient),
                [{"notification_id": notification_id, "user_id": u} for u in sorted(user_ids)],
            )
        return notification_id

    def mark_read(self, notification_id: int, user_id: int, at: datetime) -> bool:
        r = t.notification_recipient.c
        mine = and_(r.notification_id == notification_id, r.user_id == user_id)
        if self.session.execute(select(r.user_id).where(mine)).first() is None:
            return False
        self.session.execute(
            update(t.notification_recipient).where(mine, r.read_at.is_(None)).values(read_at=at)
        )
        return True

    def mark_all_read(self, user_id: int, at: datetime) -> int:
        r = t.notification_recipient.c
        result = self.session.execute(
            update(t.notification_recipient)
            .where(r.user_id == user_id, r.read_at.is_(None))
            .values(read_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
