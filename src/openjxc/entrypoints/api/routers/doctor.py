"""GET /doctor: the consistency checks of `jxc doctor`, for administrators."""

from __future__ import annotations

from pydantic import BaseModel, Field

from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, new_router
from openjxc.queries.doctor import check_all

router = new_router(prefix="/doctor", tags=["doctor"])


class DoctorReport(BaseModel):
    ok: bool = Field(description="true when every check passed")
    problems: list[str] = Field(description="each discrepancy, precisely (at most 50 per check)")


@router.get("", response_model=DoctorReport)
def doctor(session: ReadSession, actor: CurrentActor) -> DoctorReport:
    """Check the caches against the ledger, each move's valuation against a replay of its
    stream's facts, documents against moves, AR/AP against its ledger, snapshots,
    reservations and references (needs `system.admin`; repairs are made with
    `jxc doctor --repair`)."""
    problems = check_all(session, actor)
    return DoctorReport(ok=not problems, problems=problems)
