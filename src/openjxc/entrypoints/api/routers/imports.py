"""Imports (导入): a file checked in a dry run, then confirmed; templates; the history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Body, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from openjxc.adapters.files.import_templates import import_template
from openjxc.domain.imports.outcome import Issue, RowOutcome
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import (
    CurrentActor,
    IdPath,
    PageDep,
    ReadSession,
    UowDep,
    new_router,
)
from openjxc.entrypoints.api.errors import language_of
from openjxc.entrypoints.imports import issue_message, kind_spec
from openjxc.entrypoints.uploads import import_options, import_reader
from openjxc.queries import imports as queries
from openjxc.services.imports import engine
from openjxc.services.imports.engine import ImportResult

router = new_router(prefix="/imports", tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: rows listed in a reply at most (the record keeps the first 1,000 of interest)
MAX_ROWS = 1000


class IssueRead(BaseModel):
    row: int
    column: str
    code: str
    message: str
    params: dict[str, Any]


class RowRead(BaseModel):
    row: int
    key: str
    action: str
    changes: dict[str, dict[str, str | None]]
    errors: list[IssueRead]
    warnings: list[IssueRead]


class ImportRead(BaseModel):
    id: int
    kind: str
    file_name: str
    sha256: str
    status: str
    counts: dict[str, int]
    created_at: datetime
    confirmed_at: datetime | None
    rows: list[RowRead] = Field(description="rows that create, update, fail or warn (capped)")
    rows_truncated: bool


class ImportListRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    kind: str
    file_name: str
    sha256: str
    status: str
    create_count: int
    update_count: int
    unchanged_count: int
    error_count: int
    warning_count: int
    created_by: str | None
    created_at: datetime
    confirmed_at: datetime | None


class ImportList(BaseModel):
    data: list[ImportListRow]
    count: int


class ConfirmIn(BaseModel):
    confirm_warnings: bool = Field(default=False, description="confirm every warning")
    rows: list[int] = Field(
        default_factory=list,
        max_length=100_000,
        description="row numbers whose warnings are confirmed",
    )


@router.get("", response_model=ImportList)
def list_imports(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> ImportList:
    """The import history, newest first."""
    rows, count = queries.list_imports(
        session, actor, kind=kind, limit=page.limit, offset=page.offset
    )
    return ImportList(data=[ImportListRow.model_validate(r) for r in rows], count=count)


@router.get("/templates/{kind}")
def get_template(kind: str, request: Request, uow: UowDep, actor: CurrentActor) -> Response:
    """The .xlsx template of a kind: Chinese headers, hidden English keys, an example row."""
    spec = kind_spec(kind, uow)
    return Response(
        import_template(spec),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="import-{spec.name}.xlsx"'},
    )


@router.post("/{kind}", response_model=ImportRead, status_code=201)
@replies.not_rendered(
    "an import record is written apart from the ORM; a retry checks the file again"
)
def create_import(
    kind: str,
    file: UploadFile,
    request: Request,
    uow: UowDep,
    actor: CurrentActor,
    dry_run: bool = True,
    confirm_warnings: bool = False,
) -> ImportRead:
    """Check a CSV/XLSX file (dry run: nothing is written but the import record); with
    `dry_run=false`, write it too when no row has an error or an unconfirmed warning."""
    # sync on purpose: the upload is spooled, and checking it must not block the loop
    settings = request.app.state.system.settings
    reader, options = import_reader(settings), import_options(settings)
    with request.app.state.uploads.hold(actor.user_id):
        content = file.file.read(settings.import_max_bytes + 1)  # the body limit bounds it
        name = file.filename or ""
        if dry_run:
            result = engine.dry_run_import(kind, name, content, actor, uow, reader, options)
        else:
            result = engine.import_and_confirm(
                kind, name, content, actor, uow, reader, confirm_warnings, options
            )
    return _read(result, uow, language_of(request))


@router.post("/{import_id}/confirm", response_model=ImportRead)
@replies.resource("/imports/{import_id}")
def confirm_import(
    import_id: IdPath,
    request: Request,
    uow: UowDep,
    actor: CurrentActor,
    body: Annotated[ConfirmIn | None, Body()] = None,
) -> ImportRead:
    """Write a dry-run import (re-checked now): every row or none."""
    settings = request.app.state.system.settings
    given = body or ConfirmIn()
    confirmed: engine.Confirmation = given.confirm_warnings or frozenset(given.rows)
    with request.app.state.uploads.hold(actor.user_id):
        result = engine.confirm_import(
            import_id, actor, uow, import_reader(settings), confirmed, import_options(settings)
        )
    return _read(result, uow, language_of(request))


@router.get("/{import_id}", response_model=ImportRead)
def get_import(import_id: IdPath, request: Request, uow: UowDep, actor: CurrentActor) -> ImportRead:
    """One import: its counts and the rows its last check found of interest."""
    record = engine.get_import(import_id, actor, uow)
    spec = kind_spec(record.kind, uow)
    language = language_of(request)
    rows = [
        RowRead(
            row=r["row"],
            key=r["key"],
            action=r["action"],
            changes=r["changes"],
            errors=[_stored_issue(r["row"], i, spec, language) for i in r["errors"]],
            warnings=[_stored_issue(r["row"], i, spec, language) for i in r["warnings"]],
        )
        for r in record.result.get("rows", [])
    ]
    assert record.id is not None
    return ImportRead(
        id=record.id,
        kind=record.kind,
        file_name=record.file_name,
        sha256=record.sha256,
        status=str(record.status),
        counts=record.counts,
        created_at=record.created_at,
        confirmed_at=record.confirmed_at,
        rows=rows,
        rows_truncated=bool(record.result.get("rows_truncated")),
    )


def _read(result: ImportResult, uow: UowDep, language: str) -> ImportRead:
    record, dry = result.record, result.dry_run
    spec = kind_spec(record.kind, uow)
    interesting = [r for r in dry.rows if r.action.value != "unchanged" or r.warnings]
    assert record.id is not None
    return ImportRead(
        id=record.id,
        kind=record.kind,
        file_name=record.file_name,
        sha256=record.sha256,
        status=str(record.status),
        counts=dry.counts,
        created_at=record.created_at,
        confirmed_at=record.confirmed_at,
        rows=[_row(r, spec, language) for r in interesting[:MAX_ROWS]],
        rows_truncated=len(interesting) > MAX_ROWS,
    )


def _row(row: RowOutcome, spec: Any, language: str) -> RowRead:
    return RowRead(
        row=row.row,
        key=row.key,
        action=row.action.value,
        changes={k: {"before": b, "after": a} for k, (b, a) in row.changes.items()},
        errors=[_issue(i, spec, language) for i in row.errors],
        warnings=[_issue(i, spec, language) for i in row.warnings],
    )


def _issue(issue: Issue, spec: Any, language: str) -> IssueRead:
    params = {k: v if isinstance(v, int | str | None) else str(v) for k, v in issue.params.items()}
    return IssueRead(
        row=issue.row,
        column=issue.column,
        code=issue.code,
        message=issue_message(issue, spec, language),
        params=params,
    )


def _stored_issue(row: int, stored: dict[str, Any], spec: Any, language: str) -> IssueRead:
    return _issue(Issue(row, stored["column"], stored["code"], stored["params"]), spec, language)
