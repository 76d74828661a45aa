"""导入: upload a file, see its dry run, confirm it; the template and the history (issue #18).

Every step calls the import engine the API and the CLI call (``services.imports.engine``);
this module only reads the form and shows what the engine found.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from openjxc.adapters.files.import_templates import import_template
from openjxc.domain.access.actor import Actor
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.outcome import Issue
from openjxc.domain.shared.errors import DomainError, NotFound, ValidationError
from openjxc.entrypoints.imports import header_of, issue_message, kind_spec
from openjxc.entrypoints.uploads import import_options, import_reader
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.templating import is_htmx, render
from openjxc.queries import imports as queries
from openjxc.services.imports import engine
from openjxc.services.imports.ports import ImportRecord
from openjxc.services.unit_of_work import UnitOfWork

router = web_router(prefix="/imports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 50

#: each kind the web imports: its title and the list its records are shown in
KINDS: dict[str, tuple[str, str]] = {
    "products": (N_("Products"), "/products"),
    "categories": (N_("Categories"), "/categories"),
    "warehouses": (N_("Warehouses"), "/warehouses"),
}
STATUSES = {
    "dry_run": N_("Checked, not imported"),
    "confirmed": N_("Imported"),
    "failed": N_("Refused"),
}
ACTIONS = {
    "create": N_("New"),
    "update": N_("Update"),
    "unchanged": N_("Unchanged"),
    "error": N_("Error"),
}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound("import_kind", kind[:40])
    return kind


def _upload_page(
    request: Request, actor: Actor, kind: str, errors: FieldErrors, status: int = 200
) -> Response:
    actor.require(PERMISSIONS[kind])
    values = {
        "kind": kind,
        "kind_title": KINDS[kind][0],
        "list_url": KINDS[kind][1],
        "errors": errors,
        "menu_url": KINDS[kind][1],
    }
    return render(request, "imports/upload.html", values, status=status)


@router.get("")
def list_imports(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """导入记录: who imported which file of which kind, when, and what came of it."""
    chosen = kind if kind in KINDS else ""
    rows, count = queries.list_imports(db, actor, kind=chosen or None, limit=PAGE, offset=offset)
    values = {
        "rows": rows,
        "count": count,
        "limit": PAGE,
        "offset": offset,
        "kind": chosen,
        "kinds": KINDS,
        "statuses": STATUSES,
        "menu_url": "/imports",
    }
    return render(request, "imports/list.html", values)


@router.get("/templates/{kind}")
def get_template(kind: str, actor: CurrentUser, uow: UowDep) -> Response:
    """The .xlsx template of a kind (the API's own): Chinese headers, hidden keys, an example."""
    spec = kind_spec(_kind(kind), uow)
    return Response(
        import_template(spec),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="import-{spec.name}.xlsx"'},
    )


@router.get("/new/{kind}")
def new_import(kind: str, request: Request, actor: CurrentUser) -> Response:
    """Choose a file to check; the template to fill in is a link away."""
    return _upload_page(request, actor, _kind(kind), FieldErrors())


@router.post("/new/{kind}")
def upload(kind: str, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """The dry run of the uploaded file (nothing written but the import record), then its page.

    An htmx upload (the one with the progress indicator) is answered with ``HX-Redirect``,
    and a refused file with the page itself (200, for htmx to swap it in)."""
    kind = _kind(kind)
    upload = request.state.form.get("file")
    settings = request.app.state.system.settings
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError("required", field="file")
        with request.app.state.uploads.hold(actor.user_id):
            content = upload.file.read(settings.import_max_bytes + 1)  # the body limit bounds it
            result = engine.dry_run_import(
                kind,
                upload.filename,
                content,
                actor,
                uow,
                import_reader(settings),
                import_options(settings),
            )
    except DomainError as error:
        if error.kind in ("forbidden", "not_found"):
            raise
        status = 429 if error.kind == "throttled" else 422
        errors = FieldErrors(error, session.language(request))
        return _upload_page(request, actor, kind, errors, 200 if is_htmx(request) else status)
    target = f"/imports/{result.record.id}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


@router.get("/{import_id}")
def show_import(import_id: int, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """An import's dry run (to confirm) or its result: counts and the rows of interest."""
    return _record_page(request, actor, uow, import_id, FieldErrors())


@router.post("/{import_id}/confirm")
def confirm(import_id: int, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Write the import (checked again now), every row or none; the warnings confirmed are
    those of the rows ticked, or all of them with 全部确认."""
    form = request.state.form
    confirmed: engine.Confirmation = forms.checked(form, "confirm_warnings") or frozenset(
        int(v) for v in forms.column(form, "rows") if v.isdigit() and len(v) < 10
    )
    settings = request.app.state.system.settings
    try:
        with request.app.state.uploads.hold(actor.user_id):
            result = engine.confirm_import(
                import_id,
                actor,
                uow,
                import_reader(settings),
                confirmed,
                import_options(settings),
            )
    except DomainError as error:
        if error.kind in ("forbidden", "not_found"):
            raise
        errors = FieldErrors(error, session.language(request))
        status = 429 if error.kind == "throttled" else 422
        return _record_page(request, actor, uow, import_id, errors, status)
    session.say(request, "Imported %(file)s.", file=result.record.file_name)
    return RedirectResponse(f"/imports/{import_id}", status_code=303)


def _record_page(
    request: Request,
    actor: Actor,
    uow: UnitOfWork,
    import_id: int,
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    record = engine.get_import(import_id, actor, uow)
    spec = kind_spec(record.kind, uow)
    language = session.language(request)
    counts = record.counts
    values = {
        "record": record,
        "status": str(record.status),
        "statuses": STATUSES,
        "actions": ACTIONS,
        "counts": counts,
        "rows": [_row_view(r, spec, language) for r in record.result.get("rows", [])],
        "rows_truncated": bool(record.result.get("rows_truncated")),
        "kind_title": KINDS.get(record.kind, (record.kind, ""))[0],
        "list_url": KINDS.get(record.kind, ("", "/imports"))[1],
        "may_confirm": _may_confirm(record, actor),
        "errors": errors,
        "menu_url": "/imports",
    }
    return render(request, "imports/record.html", values, status=status)


def _may_confirm(record: ImportRecord, actor: Actor) -> bool:
    permission = PERMISSIONS.get(record.kind)
    return str(record.status) != "confirmed" and permission is not None and actor.can(permission)


def _row_view(row: dict[str, Any], spec: ImportKind, language: str) -> dict[str, Any]:
    """A stored row as the table shows it: its problem columns named by their headers."""
    errors = [_issue_view(row["row"], i, spec, language) for i in row["errors"]]
    warnings = [_issue_view(row["row"], i, spec, language) for i in row["warnings"]]
    changes = [
        (header_of(spec, key, language), change["before"], change["after"])
        for key, change in row["changes"].items()
    ]
    return {
        "row": row["row"],
        "key": row["key"],
        "action": row["action"],
        "changes": changes,
        "errors": errors,
        "warnings": warnings,
    }


def _issue_view(
    row: int, stored: dict[str, Any], spec: ImportKind, language: str
) -> dict[str, str]:
    issue = Issue(row, stored["column"], stored["code"], stored["params"])
    column = header_of(spec, issue.column, language) if issue.column else ""
    return {"column": column, "message": issue_message(issue, spec, language)}
