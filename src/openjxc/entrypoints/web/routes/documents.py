"""Stock documents: the list with filters and toolbar, one document with its actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse

from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.types import RULES, DocumentType
from openjxc.domain.shared.errors import DomainError
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import EDITABLE_TYPES, STATUS_LABELS, TYPE_LABELS
from openjxc.entrypoints.web.route import same_site_referer
from openjxc.entrypoints.web.routes import document_editor as editor
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries
from openjxc.queries.refs import id_of
from openjxc.services.inventory import approval, reversal
from openjxc.services.unit_of_work import UnitOfWork

router = web_router(prefix="/documents")
PAGE = 50
Text = Annotated[str | None, Query(max_length=64)]

#: toolbar action -> (service call, label, message when done)
ACTIONS: dict[str, tuple[Callable[[str, Actor, UnitOfWork], Any], str, str]] = {
    "submit": (approval.submit_document, N_("Submit"), N_("%(number)s submitted for approval.")),
    "approve": (approval.approve_document, N_("Approve"), N_("%(number)s approved.")),
    "reject": (approval.reject_document, N_("Reject"), N_("%(number)s sent back to draft.")),
    "unapprove": (approval.unapprove_document, N_("Unapprove"), N_("%(number)s unapproved.")),
    "void": (approval.void_document, N_("Void"), N_("%(number)s voided.")),
    "red-reverse": (
        lambda ref, actor, uow: reversal.red_reverse_document(ref, actor, uow),
        N_("Red reversal"),
        N_("%(number)s red-reversed."),
    ),
}


@router.get("")
def list_documents(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    q: Text = None,
    type: Text = None,
    status: Text = None,
    warehouse: Text = None,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Documents, newest first, by number, type, status, warehouse and dates."""
    rows, count = queries.list_documents(
        db,
        actor,
        type=type or None,
        status=status or None,
        since=since,
        until=until,
        warehouse_id=id_of(db, "warehouse", warehouse) if warehouse else None,
        q=q or None,
        limit=PAGE,
        offset=offset,
    )
    filters = {
        "q": q or "",
        "type": type or "",
        "status": status or "",
        "warehouse": warehouse or "",
        "from": since or "",
        "to": until or "",
    }
    values = {
        "rows": rows,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "filters": filters,
        "query": "&".join(f"{k}={v}" for k, v in filters.items()),
        "warehouses": warehouse_options(db, actor),
        "types": [(t, TYPE_LABELS[t]) for t in EDITABLE_TYPES],
        "statuses": list(STATUS_LABELS.items()),
        "bulk_actions": [
            (a, ACTIONS[a][1]) for a in ("approve", "unapprove", "void", "red-reverse")
        ],
    }
    return render(request, "documents/list.html", values, block="results")


@router.post("/bulk")
def bulk(request: Request, actor: CurrentUser, system: editor.SystemDep) -> Response:
    """The toolbar: one action on every ticked document; each succeeds or says why not."""
    form = request.state.form
    action = forms.text(form, "action")
    t = Translator(session.language(request))
    if action not in ACTIONS:
        session.flash(request, t("Choose an action."), "error")
    numbers = [n for n in forms.column(form, "numbers") if n]
    if not numbers:
        session.flash(request, t("Tick the documents first."), "warning")
    for number in numbers if action in ACTIONS else []:
        call, _label, done = ACTIONS[action]
        try:
            call(number, actor, system.uow())
            session.flash(request, t(done, number=number))
        except DomainError as error:
            errors = FieldErrors(error, t.lang)
            detail = " ".join([errors.summary, *errors.lines.values(), *errors.fields.values()])
            session.flash(request, f"{number}: {detail}", "error")
    back = forms.text(form, "back")
    return RedirectResponse(back if back.startswith("/documents") else "/documents", 303)


@router.get("/new")
def new_document(
    request: Request, actor: CurrentUser, db: ReadSession, type: Text = "other_receipt"
) -> Response:
    """An empty bill of the chosen type."""
    return editor.empty(request, actor, db, type or "other_receipt")


@router.post("/new")
def create_document(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Save a new draft (and submit or approve it when that button was pressed)."""
    return editor.save(request, actor, db, uow, None)


@router.get("/{number}")
def show_document(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """A document: the editor while it is a draft, otherwise read-only with its actions."""
    if number.startswith(RULES[DocumentType.STOCKTAKE].prefix):
        return RedirectResponse(f"/stocktakes/{number}", 303)
    return editor.existing(request, actor, db, number, FieldErrors())


@router.post("/{number}")
def update_document(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save a draft's header and lines."""
    return editor.save(request, actor, db, uow, number)


@router.post("/{number}/{action}")
def act(
    number: str, action: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """审核, 反审核, 作废, 红冲 …: refused actions are shown on the document, line by line."""
    if action not in ACTIONS:
        return RedirectResponse(f"/documents/{number}", 303)
    call, _label, done = ACTIONS[action]
    try:
        result = call(number, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        if number.startswith(RULES[DocumentType.STOCKTAKE].prefix):
            raise  # shown on the stocktake page it came from
        return editor.existing(request, actor, db, number, errors, status=422)
    session.say(request, done, number=number)
    back = same_site_referer(request) or ""
    if back.startswith("/stocktakes/"):
        return RedirectResponse(back, 303)
    return RedirectResponse(f"/documents/{result.number}", 303)
