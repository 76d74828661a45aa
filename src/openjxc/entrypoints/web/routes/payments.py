"""财务: 收款单 and 付款单 with settlement (核销) against the partner's open documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.entrypoints.web import downloads, forms, session, toolbar
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, SystemDep, UowDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import PAYMENT_LABELS, STATUS_LABELS
from openjxc.entrypoints.web.params import DateFrom, DateTo, Text
from openjxc.entrypoints.web.routes.document_editor import partner_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import organisations as organisation_queries
from openjxc.queries.refs import id_of
from openjxc.queries.reports.framework import Kind
from openjxc.queries.trading import ledger as ledger_queries
from openjxc.queries.trading import payments as queries
from openjxc.queries.trading.ledger import EntryRow
from openjxc.services.trading import payments as service
from openjxc.services.unit_of_work import UnitOfWork

router = web_router(prefix="/payments")
PAGE = 50
ACCOUNT = {"customer_receipt": "receivable", "supplier_payment": "payable"}
SECTION = {"customer_receipt": "sales", "supplier_payment": "purchase"}
DONE = {
    "save": N_("%(number)s saved."),
    "approve": N_("%(number)s approved."),
    "settle": N_("%(number)s settled."),
    "unsettle": N_("The settlements of %(number)s are undone."),
    "unapprove": N_("%(number)s unapproved."),
    "void": N_("%(number)s voided."),
}


def _kind(value: str | None) -> str:
    if value not in ACCOUNT:
        raise ValidationError("invalid_choice", field="type", value=(value or "")[:32])
    return value


@dataclass(frozen=True)
class ListFilters:
    kind: str
    partner: str | None
    status: str | None
    q: str | None
    since: date | None
    until: date | None

    def narrowed(self, db: Session) -> dict[str, Any]:
        """The query's keyword arguments."""
        return {
            "type": self.kind,
            "partner_id": id_of(db, "partner", self.partner) if self.partner else None,
            "status": self.status or None,
            "q": self.q or None,
            "since": self.since,
            "until": self.until,
        }

    def shown(self) -> dict[str, Any]:
        """The filters as the form and the links carry them."""
        return {
            "type": self.kind,
            "q": self.q or "",
            "partner": self.partner or "",
            "status": self.status or "",
            "from": self.since or "",
            "to": self.until or "",
        }


def _filters(
    type: Text = "customer_receipt",
    partner: Text = None,
    status: Text = None,
    q: Text = None,
    since: DateFrom = None,
    until: DateTo = None,
) -> ListFilters:
    return ListFilters(_kind(type), partner, status, q, since, until)


Filtered = Annotated[ListFilters, Depends(_filters)]


@router.get("")
def list_payments(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    f: Filtered,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """收款单 or 付款单, newest first, by number, partner, status and dates."""
    rows, count = queries.list_payments(db, actor, **f.narrowed(db), limit=PAGE, offset=offset)
    values = {
        "rows": rows,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "kind": f.kind,
        "title": PAYMENT_LABELS[f.kind],
        "filters": f.shown(),
        "query": urlencode(f.shown()),
        "partners": partner_options(db, actor, SECTION[f.kind]),
        "can_write": actor.can(Permission.PAYMENT_WRITE),
        # 作废 for those who write payments, 审核/反审核 for those who approve them
        "bulk_actions": [
            (a, BULK_LABELS[a])
            for a in BULK
            if actor.can(Permission.PAYMENT_WRITE if a == "void" else Permission.PAYMENT_APPROVE)
        ],
    }
    return render(request, "payments/list.html", values, block="results")


#: the columns of an exported list: key, header, kind
_EXPORTED = (
    ("number", N_("Number"), Kind.TEXT),
    ("date", N_("Date"), Kind.DATE),
    ("partner", N_("Partner"), Kind.TEXT),
    ("organisation", N_("Store"), Kind.TEXT),
    ("amount", N_("Amount"), Kind.MONEY),
    ("settled", N_("Settled"), Kind.MONEY),
    ("unapplied", N_("Unapplied"), Kind.MONEY),
    ("method", N_("Method"), Kind.TEXT),
    ("account", N_("Account"), Kind.TEXT),
    ("prepayment", N_("Prepayment"), Kind.TEXT),
    ("status", N_("Status"), Kind.TEXT),
    ("created_by", N_("Created by"), Kind.TEXT),
    ("approved_by", N_("Approved by"), Kind.TEXT),
    ("remarks", N_("Remarks"), Kind.TEXT),
)


@router.get("/export")
def export_payments(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    system: SystemDep,
    f: Filtered,
    format: FileFormat = "csv",
) -> Response:
    """导出: every payment the filters find, as .csv or .xlsx."""
    narrowed = f.narrowed(db)
    actor.require(Permission.LEDGER_READ)
    t = Translator(session.language(request))
    yes = t("Yes")

    def rows() -> Iterator[dict[str, Any]]:
        # the request's session is closed once the handler returns: the stream has its own
        with system.read_sessions() as own:
            for row in queries.stream_payments(own, actor, **narrowed):
                status = row["status"]
                yield {
                    **row,
                    "status": t(STATUS_LABELS.get(status, status)),
                    "prepayment": yes if row["prepayment"] else "",
                }

    columns = downloads.columns(t, _EXPORTED)
    name = f"{f.kind}-{clock.today().isoformat()}"
    return downloads.file_response(columns, rows(), t.lang, t(PAYMENT_LABELS[f.kind]), name, format)


#: the list's toolbar: approve (settling oldest first), 反审核, 作废 every ticked payment
BULK = ("approve", "unapprove", "void")
BULK_LABELS = {"approve": N_("Approve"), "unapprove": N_("Unapprove"), "void": N_("Void")}
_BULK_CALLS: dict[str, Callable[[str, Actor, UnitOfWork], object]] = {
    "approve": lambda n, a, u: service.approve_payment(n, None, a, u),
    "unapprove": service.unapprove_payment,
    "void": service.void_payment,
}


@router.post("/bulk")
def bulk(request: Request, actor: CurrentUser, system: SystemDep) -> Response:
    """One action on every ticked payment; each succeeds or says why not."""
    actions = {name: (call, DONE[name]) for name, call in _BULK_CALLS.items()}
    return toolbar.run_on_ticked(request, actor, system, actions, ("/payments",))


def open_documents(db: Session, actor: Actor, kind: str, partner: str) -> list[EntryRow]:
    """The partner's documents with money still open, oldest first (what may be settled)."""
    if not partner:
        return []
    rows, _ = ledger_queries.list_entries(
        db,
        actor,
        partner_id=id_of(db, "partner", partner),
        account=ACCOUNT[kind],
        open_only=True,
        limit=500,
    )
    return [r for r in rows if r.amount > 0]


@router.get("/open")
def open_for_partner(
    request: Request, actor: CurrentUser, db: ReadSession, type: Text = None, partner: Text = None
) -> Response:
    """The settlement grid of a partner (swapped in when the partner is chosen)."""
    kind = _kind(type)
    docs = open_documents(db, actor, kind, partner or "")
    return render(request, "payments/settle.html", {"docs": docs, "chosen": {}})


@router.get("/new")
def new_payment(
    request: Request, actor: CurrentUser, db: ReadSession, type: Text = "customer_receipt"
) -> Response:
    """An empty 收款单/付款单 dated today."""
    actor.require(Permission.PAYMENT_WRITE)
    kind = _kind(type)
    header = {"type": kind, "date": clock.today().isoformat(), "status": "draft"}
    return _form(request, actor, db, header, FieldErrors())


def _organisation_options(db: Session, actor: Actor) -> list[tuple[str, str]]:
    rows, _ = organisation_queries.list_organisations(db, actor, None, True, 500, 0)
    return [(r.code, f"{r.code} {r.name}") for r in rows]


def _form(
    request: Request,
    actor: Actor,
    db: Session,
    header: dict[str, Any],
    errors: FieldErrors,
    status: int = 200,
    chosen: dict[str, str] | None = None,
) -> Response:
    kind = header["type"]
    values = {
        "header": header,
        "errors": errors,
        "partners": partner_options(db, actor, SECTION[kind]),
        "organisations": _organisation_options(db, actor),
        "docs": open_documents(db, actor, kind, header.get("partner") or ""),
        "chosen": chosen or {},
        "can_approve": actor.can(Permission.PAYMENT_APPROVE),
        "can_write": actor.can(Permission.PAYMENT_WRITE),
        "title": PAYMENT_LABELS[kind],
        "menu_url": f"/payments?type={kind}",
    }
    return render(request, "payments/form.html", values, status=status)


def _settle(form: FormData) -> tuple[service.Settle, dict[str, str]]:
    """The settlement asked for: oldest first (None), none ({}), or the amounts typed."""
    mode = forms.text(form, "mode")
    lines = [
        (row["settle_doc"], row["settle_amount"])
        for row in forms.rows(form, "settle_doc", "settle_amount")
        if row["settle_doc"] and row["settle_amount"]
    ]
    chosen = dict(lines)
    if mode == "none":
        return {}, chosen
    if mode == "chosen":
        return list(lines), chosen
    return None, chosen


def _input(form: FormData, kind: str) -> tuple[dict[str, Any], service.PaymentInput]:
    """The header as typed (to show again on an error) and as the service takes it."""
    names = ("date", "partner", "amount", "method", "account", "remarks", "organisation")
    header: dict[str, Any] = {"type": kind, "status": "draft"}
    header |= {n: forms.text(form, n) for n in names}
    header["prepayment"] = forms.checked(form, "prepayment")
    data = service.PaymentInput(
        type=kind,
        date=_date(header["date"]),
        partner=header["partner"],
        amount=header["amount"] or None,
        method=header["method"],
        account=header["account"],
        prepayment=header["prepayment"],
        remarks=header["remarks"],
        organisation=header["organisation"] or None,  # none chosen: the caller's, else HQ
    )
    return header, data


@router.post("/new")
def create_payment(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Save the draft, and approve and settle it when that button was pressed."""
    form: FormData = request.state.form
    kind = _kind(forms.text(form, "type"))
    settle, chosen = _settle(form)
    lang = session.language(request)
    header: dict[str, Any] = {"type": kind, "status": "draft"}
    try:
        header, data = _input(form, kind)
        payment = service.create_payment(data, actor, uow)
    except DomainError as error:
        return _form(request, actor, db, header, FieldErrors(error, lang), 422, chosen)
    if forms.text(form, "then") == "approve":
        try:
            service.approve_payment(payment.number, settle, actor, uow)
        except DomainError as error:
            # the draft is saved: show it, with why it was not approved
            session.flash(request, FieldErrors(error, lang).summary, "error")
            return RedirectResponse(f"/payments/{payment.number}", 303)
        approved = DONE["approve"]
        session.say(request, approved, number=payment.number)
    else:
        session.say(request, N_("%(number)s saved."), number=payment.number)
    return RedirectResponse(f"/payments/{payment.number}", 303)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("required", field="date") from None


def _show(
    request: Request,
    actor: Actor,
    db: Session,
    number: str,
    errors: FieldErrors,
    status: int = 200,
    chosen: dict[str, str] | None = None,
) -> Response:
    payment = queries.get_payment(db, actor, number)
    return _form(request, actor, db, payment, errors, status, chosen)


@router.get("/{number}")
def show_payment(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """A payment with its settlements and actions."""
    return _show(request, actor, db, number, FieldErrors())


def _save_draft(number: str, form: FormData, actor: Actor, uow: UnitOfWork) -> object:
    _, data = _input(form, _kind(forms.text(form, "type")))
    return service.update_payment(number, data, actor, uow)


def _approve(number: str, form: FormData, actor: Actor, uow: UnitOfWork) -> object:
    """审核 a draft as shown: its fields, when the page sent them (the user may edit it), are
    saved first."""
    if forms.text(form, "amount"):
        _save_draft(number, form, actor, uow)
    return service.approve_payment(number, _settle(form)[0], actor, uow)


ACTIONS: dict[str, Callable[[str, FormData, Actor, UnitOfWork], object]] = {
    "save": _save_draft,
    "approve": _approve,
    "settle": lambda n, f, a, u: service.settle_payment(n, _settle(f)[0], a, u),
    "unsettle": lambda n, f, a, u: service.unsettle_payment(n, a, u),
    "unapprove": lambda n, f, a, u: service.unapprove_payment(n, a, u),
    "void": lambda n, f, a, u: service.void_payment(n, a, u),
}


@router.post("/{number}/{action}")
def act(
    number: str, action: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """审核 (with settlement), 核销 the rest, undo settlements, 反审核, 作废."""
    if action not in ACTIONS:
        return RedirectResponse(f"/payments/{number}", 303)
    form: FormData = request.state.form
    try:
        ACTIONS[action](number, form, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _show(request, actor, db, number, errors, 422, _settle(form)[1])
    session.say(request, DONE[action], number=number)
    return RedirectResponse(f"/payments/{number}", 303)
