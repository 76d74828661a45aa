"""Stock documents: the list with filters and toolbar, one document with its actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import TRADE_TYPES, DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.domain.trading import flow
from openjxc.entrypoints.web import downloads, forms, session, toolbar
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import (
    EDITABLE_TYPES,
    STATUS_LABELS,
    TRADE_SECTIONS,
    TYPE_LABELS,
)
from openjxc.entrypoints.web.params import DateFrom, DateTo, Text
from openjxc.entrypoints.web.route import same_site_referer
from openjxc.entrypoints.web.routes import document_editor as editor
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries
from openjxc.queries.refs import id_of
from openjxc.queries.reports.framework import Kind
from openjxc.services.inventory import transit
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import dispatch
from openjxc.services.unit_of_work import UnitOfWork

router = web_router(prefix="/documents")
PAGE = 50

#: toolbar action -> (service call, label, message when done)
ACTIONS: dict[str, tuple[Callable[[str, Actor, UnitOfWork], Any], str, str]] = {
    "submit": (dispatch.submit_document, N_("Submit"), N_("%(number)s submitted for approval.")),
    "approve": (dispatch.approve_document, N_("Approve"), N_("%(number)s approved.")),
    "reject": (dispatch.reject_document, N_("Reject"), N_("%(number)s sent back to draft.")),
    "unapprove": (dispatch.unapprove_document, N_("Unapprove"), N_("%(number)s unapproved.")),
    "void": (dispatch.void_document, N_("Void"), N_("%(number)s voided.")),
    "red-reverse": (
        lambda ref, actor, uow: dispatch.red_reverse_document(ref, actor, uow),
        N_("Red reversal"),
        N_("%(number)s red-reversed."),
    ),
    "receive": (
        lambda ref, actor, uow: transit.receive_transfer(ref, actor, uow),
        N_("Receive"),
        N_("%(number)s received."),
    ),
    "close": (trade_approval.close_order, N_("Close"), N_("%(number)s closed.")),
}
#: the toolbar of each list
BULK = {
    "stock": ("approve", "unapprove", "void", "red-reverse"),
    "purchase": ("approve", "unapprove", "void", "red-reverse"),
    "sales": ("approve", "unapprove", "void", "red-reverse"),
}
SECTION_TITLES = {
    "stock": N_("Stock documents"),
    "purchase": N_("Purchasing documents"),
    "sales": N_("Sales documents"),
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
    since: DateFrom = None,
    until: DateTo = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Stock documents, newest first, by number, type, status, warehouse and dates."""
    filters = Filters(q, type, status, warehouse, None, since, until, offset)
    return listing(request, actor, db, filters, None)


@dataclass(frozen=True)
class Filters:
    q: str | None
    type: str | None
    status: str | None
    warehouse: str | None
    partner: str | None
    since: date | None
    until: date | None
    offset: int


def listing(
    request: Request, actor: Actor, db: Session, f: Filters, section: str | None
) -> Response:
    """The documents list of the warehouse (``section`` None) or of 采购/销售."""
    narrowed = _narrowed(db, f, section)
    rows, count = queries.list_documents(db, actor, **vars(narrowed), limit=PAGE, offset=f.offset)
    filters = {
        "q": f.q or "",
        "type": f.type or "",
        "status": f.status or "",
        "warehouse": f.warehouse or "",
        "partner": f.partner or "",
        "from": f.since or "",
        "to": f.until or "",
    }
    url = f"/trade/{section}" if section else "/documents"
    new_types = [k for k in narrowed.types if k != "stocktake"]
    values = {
        "rows": rows,
        "count": count,
        "offset": f.offset,
        "limit": PAGE,
        "filters": filters,
        "query": urlencode(filters),
        "list_url": url,
        "section": section,
        "title": SECTION_TITLES[section or "stock"],
        "warehouses": warehouse_options(db, actor),
        "partners": editor.partner_options(db, actor, section) if section else [],
        "types": [(t, TYPE_LABELS[t]) for t in new_types],
        # "new": what the user may start empty (a keeper receives from an order instead)
        "creatable": [(t, TYPE_LABELS[t]) for t in new_types if _may_create(actor, t)],
        "statuses": list(STATUS_LABELS.items()),
        "bulk_actions": [
            (a, ACTIONS[a][1]) for a in BULK[section or "stock"] if _may_act(actor, a, new_types)
        ],
    }
    return render(request, "documents/list.html", values, block="results")


def _narrowed(db: Session, f: Filters, section: str | None) -> queries.DocumentFilter:
    kinds = TRADE_SECTIONS[section] if section else (*EDITABLE_TYPES, "stocktake")
    if f.type and f.type not in kinds:
        raise ValidationError("invalid_choice", field="type", value=f.type[:32])
    return queries.DocumentFilter(
        type=f.type or None,
        types=kinds,
        status=f.status or None,
        since=f.since,
        until=f.until,
        warehouse_id=id_of(db, "warehouse", f.warehouse) if f.warehouse else None,
        partner_id=id_of(db, "partner", f.partner) if f.partner else None,
        q=f.q or None,
    )


#: the columns of an exported list: key, header, kind; the trading ones only in 采购/销售
_EXPORTED = (
    ("number", N_("Number"), Kind.TEXT),
    ("type", N_("Type"), Kind.TEXT),
    ("date", N_("Date"), Kind.DATE),
    ("warehouse", N_("Warehouse"), Kind.TEXT),
    ("to_warehouse", N_("To warehouse"), Kind.TEXT),
    ("partner", N_("Partner"), Kind.TEXT),
    ("total", N_("Amount incl. tax"), Kind.MONEY),
    ("status", N_("Status"), Kind.TEXT),
    ("red_letter", N_("Red letter"), Kind.TEXT),
    ("source_document", N_("Source document"), Kind.TEXT),
    ("created_by", N_("Created by"), Kind.TEXT),
    ("approved_by", N_("Approved by"), Kind.TEXT),
    ("remarks", N_("Remarks"), Kind.TEXT),
)
_TRADING_ONLY = ("partner", "total")


def export(
    request: Request,
    actor: Actor,
    db: Session,
    system: System,
    f: Filters,
    section: str | None,
    format: str,
) -> Response:
    """导出: every document the list's filters find (not only the page), as .csv or .xlsx."""
    narrowed = _narrowed(db, f, section)
    actor.require(Permission.STOCK_READ)
    t = Translator(session.language(request))
    specs = [c for c in _EXPORTED if section or c[0] not in _TRADING_ONLY]
    yes = t("Yes")

    def rows() -> Iterator[dict[str, Any]]:
        # the request's session is closed once the handler returns: the stream has its own
        with system.read_sessions() as own:
            for row in queries.stream_documents(own, actor, narrowed):
                yield {
                    **row,
                    "type": t(TYPE_LABELS.get(row["type"], row["type"])),
                    "status": t(STATUS_LABELS.get(row["status"], row["status"])),
                    "red_letter": yes if row["red_letter"] else "",
                }

    key = section or "stock"
    name = f"{key}-documents-{clock.today().isoformat()}"
    columns = downloads.columns(t, specs)
    return downloads.file_response(columns, rows(), t.lang, t(SECTION_TITLES[key]), name, format)


def _may_create(actor: Actor, kind: str) -> bool:
    trade = DocumentType(kind)
    if trade in TRADE_TYPES:
        return actor.can(flow.write_permission(trade))
    return actor.can(Permission.STOCK_DOCUMENT_WRITE)


def _may_write(actor: Actor, kind: str) -> bool:
    trade = DocumentType(kind)
    if trade in TRADE_TYPES:
        return flow.may_write(actor, trade)
    return actor.can(Permission.STOCK_DOCUMENT_WRITE)


def _may_act(actor: Actor, action: str, kinds: list[str]) -> bool:
    """Whether the toolbar offers ``action``: 作废 to those who write some type of the list,
    审核/反审核/红冲 to those who approve some type of it (the services check each document)."""
    if action == "void":
        return any(_may_write(actor, k) for k in kinds)
    return any(actor.can(_approve_permission(k)) for k in kinds)


def _approve_permission(kind: str) -> Permission:
    trade = DocumentType(kind)
    if trade in TRADE_TYPES:
        return flow.approve_permission(trade)
    return Permission.STOCK_DOCUMENT_APPROVE


@router.post("/bulk")
def bulk(request: Request, actor: CurrentUser, system: editor.SystemDep) -> Response:
    """The toolbar: one action on every ticked document; each succeeds or says why not."""
    actions = {name: (call, done) for name, (call, _label, done) in ACTIONS.items()}
    return toolbar.run_on_ticked(request, actor, system, actions, ("/documents", "/trade/"))


@router.get("/export")
def export_documents(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    system: editor.SystemDep,
    q: Text = None,
    type: Text = None,
    status: Text = None,
    warehouse: Text = None,
    since: DateFrom = None,
    until: DateTo = None,
    format: FileFormat = "csv",
) -> Response:
    """The stock documents the filters find, as .csv or .xlsx."""
    filters = Filters(q, type, status, warehouse, None, since, until, 0)
    return export(request, actor, db, system, filters, None, format)


@router.get("/new")
def new_document(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    uow: UowDep,
    type: Text = "other_receipt",
) -> Response:
    """An empty bill of the chosen type."""
    return editor.empty(request, actor, db, uow, type or "other_receipt")


@router.post("/new")
def create_document(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Save a new draft (and submit or approve it when that button was pressed)."""
    return editor.save(request, actor, db, uow, None)


@router.get("/{number}")
def show_document(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """A document: the editor while it is a draft, otherwise read-only with its actions."""
    if queries.type_of(db, number) == DocumentType.STOCKTAKE:
        return RedirectResponse(f"/stocktakes/{number}", 303)
    return editor.existing(request, actor, db, number, FieldErrors())


@router.post("/{number}")
def update_document(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save a draft's header and lines."""
    return editor.save(request, actor, db, uow, number)


def _act(action: str, number: str, form: FormData, actor: Actor, uow: UnitOfWork) -> Any:
    """Run ``action`` on the document with what its form gives (a comment, a receipt)."""
    comment = forms.text(form, "comment")[:500]
    if action == "approve":
        return dispatch.approve_document(number, actor, uow, comment)
    if action == "reject":
        return dispatch.reject_document(number, actor, uow, comment)
    if action == "receive":
        day, lines = editor.received(form)
        return transit.receive_transfer(number, actor, uow, day, lines)
    return ACTIONS[action][0](number, actor, uow)


@router.post("/{number}/{action}")
def act(
    number: str, action: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """审核, 反审核, 作废, 红冲, 收货, 生成下游单据 …: refused actions are shown on the document,
    line by line."""
    if action == "next":
        return editor.generate_next(request, actor, db, uow, number)
    if action not in ACTIONS:
        return RedirectResponse(f"/documents/{number}", 303)
    _call, _label, done = ACTIONS[action]
    try:
        result = _act(action, number, request.state.form, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        back = same_site_referer(request) or ""
        stocktake = queries.type_of(db, number) == DocumentType.STOCKTAKE
        if stocktake or back.startswith("/approvals"):
            raise  # shown on the page it came from
        return editor.existing(request, actor, db, number, errors, status=422)
    if action == "approve" and result.status.value == "submitted":
        done = N_("%(number)s: your approval step is recorded; the next approver follows.")
    if action == "red-reverse" and result.status.value == "submitted":
        done = N_("%(number)s: red-letter document %(red)s waits for approval.")
    session.say(request, done, number=number, red=result.number)
    back = same_site_referer(request) or ""
    if back.startswith(("/stocktakes/", "/approvals", "/stock/in-transit")):
        return RedirectResponse(back, 303)
    return RedirectResponse(f"/documents/{result.number}", 303)
