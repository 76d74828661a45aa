"""零售: the 异常单 queue (list, detail, 重新过账) and the 收银终端 (list, register, renew the
token, take out of service). The rules live in ``services.retail``; this module only shows
their results and forwards the forms."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import DomainError, NotFound, PermissionDenied
from openjxc.entrypoints.messages import describe
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import retail as queries
from openjxc.queries.organisations import list_organisations
from openjxc.queries.warehouses import list_warehouses
from openjxc.services.retail import queue, terminals

router = web_router(prefix="/retail")
PAGE = 50
STATUSES = ("open", "posted", "all")


def _reason(row: queries.ExceptionRow, language: str) -> str:
    """The reason a transaction waits, in the reader's language."""
    params = dict(row.reason_params)
    details = params.pop("details", [])
    return str(describe(DomainError(row.reason, details, **params), language)["message"])


@router.get("/exceptions")
def list_exceptions(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """异常单 of the caller's stores, oldest first: open ones unless another status is asked."""
    status = request.query_params.get("status") or "open"
    status = status if status in STATUSES else "open"
    page = request.query_params.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    rows, count = queries.list_exceptions(
        db, actor, None if status == "all" else status, PAGE, (number - 1) * PAGE
    )
    language = session.language(request)
    return render(
        request,
        "retail/exceptions.html",
        {
            "rows": [(row, _reason(row, language)) for row in rows],
            "count": count,
            "status": status,
            "page": number,
            "pages": max(1, -(-count // PAGE)),
        },
    )


@router.get("/exceptions/{exception_id}")
def show_exception(
    exception_id: int, request: Request, actor: CurrentUser, db: ReadSession
) -> Response:
    """One 异常单: the transaction as received, its lines and payments, the retry button."""
    row = queries.get_exception(db, actor, exception_id)
    payload = row.payload
    return render(
        request,
        "retail/exception.html",
        {
            "x": row,
            "reason": _reason(row, session.language(request)),
            "lines": list(payload.get("lines") or []),
            "payments": list(payload.get("payments") or []),
            "payload": payload,
        },
    )


@router.post("/exceptions/{exception_id}/retry")
def retry_exception(
    exception_id: int, request: Request, actor: CurrentUser, uow: UowDep
) -> Response:
    """重新过账: post it now that its cause is fixed; still failing, say why."""
    try:
        done = queue.retry_exception(exception_id, actor, uow)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:
        message = describe(error, session.language(request))["message"]
        session.flash(request, str(message), "danger")
    else:
        if done.status == "posted":
            session.say(request, "Transaction %(id)s posted.", id=done.client_id)
    return RedirectResponse(f"/retail/exceptions/{exception_id}", status_code=303)


def _terminals_page(
    request: Request,
    actor: Actor,
    db: Session,
    *,
    token: tuple[str, str] | None = None,
    error: str | None = None,
    entered: dict[str, str] | None = None,
) -> Response:
    manage = actor.can(Permission.USER_MANAGE)
    stores: list[Any] = []
    warehouses: list[Any] = []
    if manage:
        if actor.can(Permission.ORGANISATION_READ):
            stores = list_organisations(db, actor, None, True, 500, 0)[0]
        if actor.can(Permission.WAREHOUSE_READ):
            warehouses = list_warehouses(db, actor, active=True, transit=False, limit=500)[0]
    return render(
        request,
        "retail/terminals.html",
        {
            "rows": queries.list_terminals(db, actor),
            "manage": manage,
            "stores": stores,
            "warehouses": warehouses,
            "token": token,
            "error": error,
            "entered": entered or {},
        },
        status=422 if error else 200,
    )


@router.get("/terminals")
def list_terminals(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """收银终端 of the caller's stores, with the register form for administrators."""
    return _terminals_page(request, actor, db)


@router.post("/terminals")
def register_terminal(
    request: Request, actor: CurrentUser, uow: UowDep, db: ReadSession
) -> Response:
    """Register a terminal; its token is shown on this page, once."""
    form = request.state.form
    entered = {key: forms.text(form, key) for key in ("code", "name", "store", "warehouse")}
    data = terminals.TerminalData(**entered)
    try:
        made = terminals.register_terminal(data, actor, uow)
    except PermissionDenied:
        raise
    except DomainError as error:
        message = str(describe(error, session.language(request))["message"])
        return _terminals_page(request, actor, db, error=message, entered=entered)
    return _terminals_page(request, actor, db, token=(made.terminal.code, made.token.token))


@router.post("/terminals/{code}/token")
def renew_token(
    code: str, request: Request, actor: CurrentUser, uow: UowDep, db: ReadSession
) -> Response:
    """Revoke the terminal's tokens and show the new one, once."""
    made = terminals.renew_terminal_token(code, actor, uow)
    return _terminals_page(request, actor, db, token=(made.terminal.code, made.token.token))


@router.post("/terminals/{code}/active")
def set_active(code: str, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Take a terminal out of service (its token stops working), or back into it."""
    active = forms.text(request.state.form, "active") == "true"
    terminals.set_terminal_active(code, active, actor, uow)
    session.say(request, "%(key)s saved.", key=code)
    return RedirectResponse("/retail/terminals", status_code=303)
