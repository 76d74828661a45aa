"""Periods (结账): closed months, close the next, reopen the latest."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.messages import describe
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


def _page(
    request: Request, actor: Actor, db: Session, refusal: ValidationError | None = None
) -> Response:
    values = {
        "rows": queries.list_periods(db, actor),
        "suggested": _last_month(),
        "can_close": actor.can(Permission.PERIOD_CLOSE),
        "refusal": None,
    }
    if refusal is not None:
        lang = session.language(request)
        values["suggested"] = refusal.params["month"]
        values["refusal"] = {
            "message": describe(refusal, lang)["message"],
            "documents": refusal.details,
        }
    return render(request, "periods.html", values, status=200 if refusal is None else 422)


@router.get("")
def list_periods(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Closed months, latest first, with the close and reopen buttons."""
    return _page(request, actor, db)


@router.post("/close")
def close(request: Request, actor: CurrentUser, uow: UowDep, db: ReadSession) -> Response:
    """结账: snapshot the month (and every open month before it); a refusal for unapproved
    documents lists them on the page."""
    month = forms.text(request.state.form, "month")
    try:
        closed = service.close_period(month, actor, uow)
    except ValidationError as error:
        if error.code != "period_has_unposted_documents":
            raise
        return _page(request, actor, db, error)
    session.say(request, "Closed: %(months)s.", months=", ".join(closed))
    return RedirectResponse("/periods", status_code=303)


@router.post("/reopen")
def reopen(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Reopen the latest closed month."""
    month = forms.text(request.state.form, "month")
    service.reopen_period(month, actor, uow)
    session.say(request, "%(month)s is open again.", month=month)
    return RedirectResponse("/periods", status_code=303)
