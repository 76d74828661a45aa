"""Periods (结账): close a month, reopen the latest."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, UowDep, new_router
from openjxc.queries import periods as queries
from openjxc.services.inventory import periods as service

router = new_router(prefix="/periods", tags=["periods"])


class PeriodRead(BaseModel):
    month: str
    closed_at: datetime
    closed_by: str | None
    closed_with: str | None = None  # a later close covered it (closed before each was recorded)


class PeriodList(BaseModel):
    data: list[PeriodRead]
    count: int


@router.get("", response_model=PeriodList)
def list_periods(session: ReadSession, actor: CurrentActor) -> PeriodList:
    """Every closed month, latest first, with who closed it and when."""
    rows = queries.list_periods(session, actor)
    return PeriodList(data=[PeriodRead.model_validate(r) for r in rows], count=len(rows))


@router.post("/{month}/close", status_code=204)
def close(month: str, uow: UowDep, actor: CurrentActor) -> None:
    """结账: close the month and every open month before it (refused, naming them, while any
    holds an unapproved document)."""
    service.close_period(month, actor, uow)


@router.post("/{month}/reopen", status_code=204)
def reopen(month: str, uow: UowDep, actor: CurrentActor) -> None:
    """Reopen the latest closed month."""
    service.reopen_period(month, actor, uow)
