"""``jxc import <kind> <file>`` and ``jxc import-template <kind> <file>``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openjxc.adapters.files.import_templates import import_template
from openjxc.domain.access.actor import Actor
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.outcome import Action, DryRun
from openjxc.entrypoints.cli import context
from openjxc.entrypoints.imports import header_of, issue_message, kind_spec
from openjxc.entrypoints.uploads import import_options, import_reader
from openjxc.services.imports import engine

#: rows of the dry-run table printed at most (the counts always cover every row)
SHOWN_ROWS = 200

WORDS = {
    "zh-CN": {
        "create": "新增",
        "update": "修改",
        "unchanged": "不变",
        "error": "错误",
        "warning": "警告",
        "done": "已导入",
        "dry": "试导入（未写入）",
        "more": "……另有 {n} 行未列出",
        "again": "确认导入：jxc import {kind} {file} [--confirm-warnings]",
    },
    "en": {
        "create": "create",
        "update": "update",
        "unchanged": "unchanged",
        "error": "error",
        "warning": "warning",
        "done": "imported",
        "dry": "dry run (nothing written)",
        "more": "… {n} more rows not listed",
        "again": "to import: jxc import {kind} {file} [--confirm-warnings]",
    },
}


def import_file(
    kind: Annotated[str, typer.Argument(help="categories, warehouses or products")],
    file: Annotated[Path, typer.Argument(help=".xlsx or .csv (UTF-8 or GBK)", exists=True)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check only, write nothing")] = False,
    confirm_warnings: Annotated[
        bool, typer.Option("--confirm-warnings", help="confirm every warning (×50 prices …)")
    ] = False,
) -> None:
    """Import a file: every row is checked first; it is written only without errors (and with
    its warnings confirmed), all rows or none."""
    settings = context.settings()
    system = context.system(settings)
    reader, options = import_reader(settings), import_options(settings)
    content = file.read_bytes()
    actor = Actor.system()
    if dry_run:
        result = engine.dry_run_import(
            kind, file.name, content, actor, system.uow(), reader, options
        )
    else:
        result = engine.import_and_confirm(
            kind, file.name, content, actor, system.uow(), reader, confirm_warnings, options
        )
    language = settings.language
    _print(result.dry_run, kind_spec(kind, system.uow()), language)
    words = WORDS[language]
    confirmed = result.record.status == "confirmed"
    typer.echo(f"#{result.record.id} {words['done'] if confirmed else words['dry']}")
    counts = result.dry_run.counts
    if counts["error"]:
        raise typer.Exit(1)
    if not confirmed and not dry_run:
        typer.echo(words["again"].format(kind=kind, file=file))
        raise typer.Exit(1)  # warnings left unconfirmed: nothing was written


def import_template_file(
    kind: Annotated[str, typer.Argument(help="categories, warehouses or products")],
    file: Annotated[Path, typer.Argument(help="where to write the .xlsx")],
) -> None:
    """Write the .xlsx template of a kind (Chinese headers, hidden English keys, an example)."""
    system = context.system(context.settings())
    file.write_bytes(import_template(kind_spec(kind, system.uow())))
    typer.echo(str(file))


def _print(dry: DryRun, spec: ImportKind, language: str) -> None:
    words = WORDS[language]
    shown = [row for row in dry.rows if row.action is not Action.UNCHANGED or row.warnings]
    for row in shown[:SHOWN_ROWS]:
        changes = ", ".join(
            f"{header_of(spec, field, language)}: {before or '—'} → {after or '—'}"
            for field, (before, after) in row.changes.items()
        )
        typer.echo(f"{row.row:>7}  {words[row.action.value]:<6} {row.key}  {changes}".rstrip())
        for issue in [*row.errors, *row.warnings]:
            typer.echo(f"         {issue_message(issue, spec, language)}")
    if len(shown) > SHOWN_ROWS:
        typer.echo(words["more"].format(n=len(shown) - SHOWN_ROWS))
    counts = dry.counts
    typer.echo(" ".join(f"{words[name]} {counts[name]}" for name in counts))
