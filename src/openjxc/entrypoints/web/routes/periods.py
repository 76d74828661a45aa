"""Periods (结账): closed months, close the next, reopen the latest."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import periods as queries
from openjxc.services.inventory import periods as service

router = web_router(prefix="/periods")


def _last_month() -> str:
    today = clock.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@router.get("")
def list_periods(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Closed months, latest first, with the close and reopen buttons."""
    values = {
        "rows": queries.list_periods(db, actor),
        "suggested": _last_month(),
        "can_close": actor.can(Permission.PERIOD_CLOSE),
    }
    return render(request, "periods.html", values)


@router.post("/close")
def close(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """结账: snapshot the month; nothing can post into it afterwards."""
    month = forms.text(request.state.form, "month")
    service.close_period(month, actor, uow)
    session.say(request, "%(month)s is closed.", month=month)
    return RedirectResponse("/periods", status_code=303)


@router.post("/reopen")
def reopen(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Reopen the latest closed month."""
    month = forms.text(request.state.form, "month")
    service.reopen_period(month, actor, uow)
    session.say(request, "%(month)s is open again.", month=month)
    return RedirectResponse("/periods", status_code=303)
