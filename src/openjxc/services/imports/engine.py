"""Use cases of an import: a dry run that writes nothing but its record, and the confirmation
that writes every row in one transaction, or none.

The file is read outside the write transaction (reading a large sheet takes a while and must
not hold the write lock); the rows are checked inside it, against the database as it is then,
so a confirmation re-validates the stored file rather than trusting an old dry run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.imports.access import sees_import
from openjxc.domain.imports.cells import cell_text, parse
from openjxc.domain.imports.columns import ImportColumn, ImportKind, is_key_row, match_header
from openjxc.domain.imports.outcome import Action, DryRun, Issue, RowOutcome
from openjxc.domain.imports.plausibility import DEFAULT_FACTOR
from openjxc.domain.imports.table import ImportReader, UploadedTable
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, DomainError, NotFound, ValidationError
from openjxc.services.imports.kinds import handler_for
from openjxc.services.imports.ports import ImportRecord, ImportStatus
from openjxc.services.imports.rows import KindHandler, ParsedRow, PlanContext, Writer
from openjxc.services.unit_of_work import UnitOfWork

#: rows of interest (creates, updates, errors, warnings) kept with the record for a screen
KEPT_ROWS = 1000


@dataclass(frozen=True)
class ImportOptions:
    #: the ×50 rule (domain.imports.plausibility)
    factor: Decimal = DEFAULT_FACTOR


@dataclass(frozen=True)
class ImportResult:
    record: ImportRecord
    dry_run: DryRun


#: warnings confirmed: all (True), none (False) or those of these row numbers
Confirmation = bool | frozenset[int]


def dry_run_import(
    kind: str,
    file_name: str,
    content: bytes,
    actor: Actor,
    uow: UnitOfWork,
    read: ImportReader,
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Read and check every row of the file; record the import, write nothing else."""
    handler = handler_for(kind)
    actor.require(handler.permission)
    with uow:
        spec = handler.spec(uow)
    # read and parsed before the transaction: a large file must not hold the write lock
    rows = parsed_rows(spec, read(file_name, content))
    with uow:
        sha256 = hashlib.sha256(content).hexdigest()
        dry, _writer = _evaluate(handler, spec, rows, actor, uow, options, sha256)
        record = ImportRecord(
            kind=handler.name,
            file_name="".join(ch for ch in file_name if ch.isprintable())[:200],
            sha256=sha256,
            status=ImportStatus.DRY_RUN,
            counts=dry.counts,
            created_by=actor.user_id,
            created_at=clock.now(),
            organisation_id=_organisation_of(actor),
            result=summary(dry),
        )
        record.id = uow.imports.add(record, content)
        uow.commit()
    return ImportResult(record, dry)


def confirm_import(
    import_id: int,
    actor: Actor,
    uow: UnitOfWork,
    read: ImportReader,
    confirm_warnings: Confirmation = False,
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Write the stored file, checked again now: every row or none.

    Refused (nothing written, the import marked failed) when a row now has an error or a
    warning not confirmed (``confirm_warnings``: all, or the row numbers confirmed).
    """
    with uow:
        record = _visible(uow.imports.get(import_id), import_id, actor)
        content = uow.imports.content(import_id)
        handler = handler_for(record.kind)
        spec = handler.spec(uow)
    actor.require(handler.permission)
    rows = parsed_rows(spec, read(record.file_name, content))
    del content
    with uow:
        record = _visible(uow.imports.get(import_id), import_id, actor)
        if record.status is ImportStatus.CONFIRMED:
            raise Conflict("import_already_confirmed", value=str(import_id))
        dry, writer = _evaluate(handler, spec, rows, actor, uow, options, record.sha256)
        refusal = _refusal(dry, confirm_warnings)
        if refusal is None:
            writer()
            record.status = ImportStatus.CONFIRMED
            record.confirmed_at = clock.now()
            record.counts = dry.counts
            record.result = summary(dry)
            uow.imports.save(record)
            uow.audit.record(
                actor,
                "import.confirm",
                "import",
                record.id,
                after={
                    "kind": record.kind,
                    "file_name": record.file_name,
                    "sha256": record.sha256,
                    "counts": record.counts,
                },
            )
            uow.commit()
            return ImportResult(record, dry)
    _mark_failed(import_id, dry, uow)
    raise refusal


def import_and_confirm(
    kind: str,
    file_name: str,
    content: bytes,
    actor: Actor,
    uow: UnitOfWork,
    read: ImportReader,
    confirm_warnings: Confirmation = False,
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """A dry run and, when it found no error and no warning left unconfirmed, the
    confirmation at once; otherwise the dry run's result (nothing written)."""
    result = dry_run_import(kind, file_name, content, actor, uow, read, options)
    if _refusal(result.dry_run, confirm_warnings) is not None:
        return result
    assert result.record.id is not None
    return confirm_import(result.record.id, actor, uow, read, confirm_warnings, options)


def get_import(import_id: int, actor: Actor, uow: UnitOfWork) -> ImportRecord:
    """An import the caller may see: their own, or one of a kind they may import."""
    with uow:
        return _visible(uow.imports.get(import_id), import_id, actor)


def _visible(record: ImportRecord | None, import_id: int, actor: Actor) -> ImportRecord:
    if record is None or not sees_import(
        actor, record.kind, record.created_by, record.organisation_id
    ):
        raise NotFound("import", import_id)
    return record


def _organisation_of(actor: Actor) -> int | None:
    """The organisation an import belongs to: the caller's, when they have exactly one."""
    scope = actor.organisation_ids
    return next(iter(scope)) if scope is not None and len(scope) == 1 else None


def _refusal(dry: DryRun, confirmed: Confirmation) -> DomainError | None:
    errors = dry.errors
    if errors:
        return ValidationError(
            "import_has_errors",
            details=[issue.as_detail() for issue in errors[:KEPT_ROWS]],
            count=dry.counts[Action.ERROR.value],
        )
    waiting = dry.unconfirmed(confirmed)
    if waiting:
        return ValidationError(
            "import_unconfirmed_warnings",
            details=[issue.as_detail() for issue in dry.warnings if issue.row in set(waiting)][
                :KEPT_ROWS
            ],
            count=len(waiting),
            rows=", ".join(str(row) for row in waiting[:20]),
        )
    return None


def _mark_failed(import_id: int, dry: DryRun, uow: UnitOfWork) -> None:
    with uow:
        record = uow.imports.get(import_id)
        if record is None or record.status is ImportStatus.CONFIRMED:
            return
        record.status = ImportStatus.FAILED
        record.counts = dry.counts
        record.result = summary(dry)
        uow.imports.save(record)
        uow.commit()


def _evaluate(
    handler: KindHandler,
    spec: ImportKind,
    rows: list[ParsedRow],
    actor: Actor,
    uow: UnitOfWork,
    options: ImportOptions,
    sha256: str,
) -> tuple[DryRun, Writer]:
    writer = handler.plan(rows, PlanContext(actor, uow, options.factor, sha256))
    return DryRun(spec.name, [row.outcome for row in rows]), writer


def parsed_rows(spec: ImportKind, table: UploadedTable) -> list[ParsedRow]:
    """The data rows of the table, each cell parsed by its column; the header (and a
    template's hidden row of keys) matched first. A bad header refuses the whole file."""
    cells = table.rows
    if not cells or not any(_filled(row) for row in cells):
        raise ValidationError("empty_file", field="file")
    start = 1
    header = cells[0]
    if len(cells) > 1 and is_key_row(spec, cells[1]):
        header, start = cells[1], 2  # a template: its keys are exact
    match = match_header(spec, header)
    if match.issues:
        raise ValidationError("import_bad_header", details=match.issues, count=len(match.issues))
    columns = {key: spec.column(key) for key in match.positions}
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for index in range(start, len(cells)):
        if not _filled(cells[index]):
            continue  # blank rows are common at the end of a sheet
        row = _parsed(spec, match.positions, columns, cells[index], index, table)
        if row.outcome.key:
            first = seen.setdefault(row.outcome.key, row.outcome.row)
            if first != row.outcome.row:
                row.outcome.error(
                    spec.key_columns[0],
                    "duplicate_in_file",
                    value=row.outcome.key,
                    first_row=first,
                )
        rows.append(row)
    if not rows:
        raise ValidationError("empty_file", field="file")
    return rows


def _parsed(
    spec: ImportKind,
    positions: dict[str, int],
    columns: dict[str, ImportColumn],
    cells: list[object],
    index: int,
    table: UploadedTable,
) -> ParsedRow:
    """Row ``index`` of the table, its number as the sheet shows it."""
    row = ParsedRow(RowOutcome(index + table.first_row, ""))
    for key, position in positions.items():
        value = cells[position] if position < len(cells) else None
        try:
            text = cell_text(value, key)
            row.values[key] = parse(columns[key], text)
        except DomainError as error:
            row.fail(error, key)
            continue
        if (index, position) in table.formulas:
            row.outcome.warn(key, "formula_cell", value=text)
    parts = [row.values.get(key) for key in spec.key_columns]
    if parts[0] is not None:  # a compound key: its parts as given, "/" between them
        row.outcome.key = "/".join("" if p is None else str(p).strip() for p in parts)
    return row


def _filled(row: Iterable[object]) -> bool:
    return any(cell not in (None, "") for cell in row)


def summary(dry: DryRun, limit: int = KEPT_ROWS) -> dict[str, Any]:
    """What a record keeps of a dry run: counts, and the first rows of interest."""
    interesting = [row for row in dry.rows if row.action is not Action.UNCHANGED or row.warnings]
    return {
        "counts": dry.counts,
        "rows": [row_json(row) for row in interesting[:limit]],
        "rows_truncated": len(interesting) > limit,
    }


def row_json(row: RowOutcome) -> dict[str, Any]:
    return {
        "row": row.row,
        "key": row.key,
        "action": row.action.value,
        "changes": {k: {"before": b, "after": a} for k, (b, a) in row.changes.items()},
        "errors": [_issue_json(i) for i in row.errors],
        "warnings": [_issue_json(i) for i in row.warnings],
    }


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {"column": issue.column, "code": issue.code, "params": _plain(issue.params)}


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, int | str | None) else str(v) for k, v in params.items()}
