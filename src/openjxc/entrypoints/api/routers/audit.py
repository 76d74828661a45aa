"""GET /audit: who did what, when, with before/after."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import AwareDatetime, BaseModel

from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, new_router
from openjxc.queries import access as queries

router = new_router(prefix="/audit", tags=["audit"])


class AuditRead(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditList(BaseModel):
    data: list[AuditRead]
    count: int


@router.get("", response_model=AuditList)
def list_audit(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    entity: Annotated[str | None, Query(max_length=32)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    username: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    until: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> AuditList:
    """The audit trail, newest first (audit.read)."""
    rows, count = queries.list_audit(
        session,
        actor,
        entity=entity,
        entity_id=entity_id,
        username=username,
        action=action,
        since=since,
        until=until,
        limit=page.limit,
        offset=page.offset,
    )
    return AuditList(data=[AuditRead.model_validate(r) for r in rows], count=count)
