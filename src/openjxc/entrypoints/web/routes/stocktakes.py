"""Stocktake (盘点): snapshot a warehouse, count by line or by scanning, review, approve."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.entrypoints.uploads import table_reader
from openjxc.entrypoints.web import downloads, forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.routes.products import category_options
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import approvals as approval_queries
from openjxc.queries import stocktakes as queries
from openjxc.queries.reports.framework import Kind
from openjxc.services.inventory import stocktake as service
from openjxc.services.inventory import stocktake_counts as counting

router = web_router(prefix="/stocktakes")


def _page(
    request: Request,
    actor: Actor,
    db: ReadSession,
    number: str,
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    doc = queries.get_stocktake(db, actor, number)
    values = {
        "doc": doc,
        "errors": errors,
        "editable": doc["status"] == "draft" and actor.can(Permission.STOCK_DOCUMENT_WRITE),
        "can_approve": actor.can(Permission.STOCK_DOCUMENT_APPROVE),
        "can_take_step": actor.can(Permission.STOCK_DOCUMENT_APPROVE)
        and doc["status"] in ("draft", "submitted")
        and approval_queries.may_take_step(db, actor, DocumentType.STOCKTAKE, number),
        "menu_url": "/documents",
        # the batch a batch-tracked product's scans count into stays until changed
        "scan_batch": request.query_params.get("batch", "")[:64],
    }
    return render(request, "stocktakes/stocktake.html", values, status=status)


@router.get("/new")
def new_stocktake(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    warehouse: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    """Choose the warehouse (and a category) to snapshot."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    values = {
        "warehouses": warehouse_options(db, actor),
        "categories": category_options(db, actor),
        "today": clock.today().isoformat(),
        "errors": FieldErrors(),
        "form": {"warehouse": warehouse or ""},
        "menu_url": "/documents",
    }
    return render(request, "stocktakes/new.html", values)


@router.post("/new")
def create_stocktake(
    request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Snapshot the books into a draft stocktake, one line per product (and batch) in stock."""
    form = request.state.form
    values = {k: forms.text(form, k) for k in ("warehouse", "date", "category", "remarks")}
    try:
        try:
            day = date.fromisoformat(values["date"])
        except ValueError:
            raise ValidationError("required", field="date") from None
        doc = service.create_stocktake(
            values["warehouse"],
            actor,
            uow,
            date=day,
            category=values["category"] or None,
            blind=forms.checked(form, "blind"),
            remarks=values["remarks"],
        )
    except DomainError as error:
        context = {
            "warehouses": warehouse_options(db, actor),
            "categories": category_options(db, actor),
            "today": values["date"],
            "errors": FieldErrors(error, session.language(request)),
            "form": values,
            "menu_url": "/documents",
        }
        return render(request, "stocktakes/new.html", context, status=422)
    return RedirectResponse(f"/stocktakes/{doc.number}", status_code=303)


@router.get("/{number}")
def show_stocktake(number: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Book, counted and variance per line, with the gain and loss totals."""
    return _page(request, actor, db, number, FieldErrors())


@router.post("/{number}/counts")
def save_counts(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Save the counted quantities typed into the lines (base units; empty = not counted),
    with the time of a count taken on paper where one was typed over the line's."""
    names = ("count_product", "count_batch", "count_qty", "count_at", "count_at_was")
    counts = [
        counting.CountInput(
            r["count_product"],
            r["count_qty"],
            batch=r["count_batch"] or None,
            # the time shown is the line's own: only a changed one says when it was counted
            counted_at=r["count_at"] if r["count_at"] != r["count_at_was"] else None,
        )
        for r in forms.rows(request.state.form, *names)
        if r["count_qty"]
    ]
    try:
        counting.record_counts(number, counts, actor, uow)
    except DomainError as error:
        return _page(request, actor, db, number, FieldErrors(error, session.language(request)), 422)
    session.say(request, "Counts saved.")
    return RedirectResponse(f"/stocktakes/{number}", status_code=303)


#: the count sheet's columns, headed as the import reads them back (count_files.HEADERS)
_SHEET = (
    ("product", N_("Product code"), Kind.TEXT),
    ("product_name", N_("Product name"), Kind.TEXT),
    ("batch", N_("Batch"), Kind.TEXT),
    ("unit", N_("Unit"), Kind.TEXT),
    ("counted_qty", N_("Counted quantity"), Kind.QTY),
)


@router.get("/{number}/sheet")
def count_sheet(
    number: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    format: FileFormat = "xlsx",
) -> Response:
    """盘点表 to fill in: one row per line (product, batch, base unit) with what is counted so
    far; filled in, it is read back by 导入. A blind count shows no book quantity here either."""
    doc = queries.get_stocktake(db, actor, number)
    t = Translator(session.language(request))
    rows = (
        {
            "product": ln["product"],
            "product_name": ln["product_name"],
            "batch": ln.get("batch") or "",
            "unit": ln["base_unit"],
            "counted_qty": ln.get("counted_qty"),
        }
        for ln in doc["lines"]
    )
    columns = downloads.columns(t, _SHEET)
    return downloads.file_response(columns, rows, t.lang, doc["number"], doc["number"], format)


@router.post("/{number}/import")
def import_counts(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Counts from an uploaded CSV or Excel file (the count sheet filled in); every bad row
    is named and nothing is saved."""
    upload = request.state.form.get("file")
    settings = request.app.state.system.settings
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError("required", field="file")
        with request.app.state.uploads.hold(actor.user_id):
            content = upload.file.read(settings.max_body_bytes + 1)  # the body limit bounds it
            reader = table_reader(settings)
            doc = counting.import_counts(number, upload.filename, content, actor, uow, reader)
    except DomainError as error:
        status = 429 if error.kind == "throttled" else 422
        errors = FieldErrors(error, session.language(request))
        return _page(request, actor, db, number, errors, status)
    session.say(request, "Counts imported from %(file)s.", file=upload.filename)
    return RedirectResponse(f"/stocktakes/{doc.number}", status_code=303)


@router.post("/{number}/scan")
def scan(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """One scan adds one of the barcode's unit to its line; the scan box keeps the focus."""
    code = forms.text(request.state.form, "barcode")
    batch = forms.text(request.state.form, "batch")
    try:
        counting.scan_barcode(number, code, "1", actor, uow, batch=batch or None)
    except DomainError as error:
        return _page(request, actor, db, number, FieldErrors(error, session.language(request)), 422)
    session.say(request, "Counted %(code)s.", code=code)
    query = f"?{urlencode({'batch': batch})}" if batch else ""
    return RedirectResponse(f"/stocktakes/{number}{query}#scan", status_code=303)
