"""``jxc backup`` and ``jxc restore``: backups that restore (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openjxc.bootstrap import bootstrap
from openjxc.entrypoints.cli import context, setup
from openjxc.services import backups


def backup(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to", help="folder of the backups; default JXC_BACKUP_DIR or data folder/backups"
        ),
    ] = None,
    keep_daily: Annotated[
        int | None,
        typer.Option(min=0, help="keep the newest backup of this many recent days (default 7)"),
    ] = None,
    keep_monthly: Annotated[
        int | None,
        typer.Option(min=0, help="keep the newest backup of this many recent months (default 12)"),
    ] = None,
) -> None:
    """Back the database up while it is in use (with a checksum), then apply retention."""
    context.set_overrides(backup_keep_daily=keep_daily, backup_keep_monthly=keep_monthly)
    settings = context.settings()
    made = setup.take_backup(settings, to or settings.backup_folder)
    typer.echo(f"已备份 / backup written: {made.path}")
    typer.echo(
        f"  校验和 / sha256: {made.manifest.sha256}  (版本 / revision {made.manifest.revision})"
    )
    for old in made.deleted:
        typer.echo(f"  按保留策略删除 / removed by retention: {old.name}")


def restore(
    file: Annotated[Path, typer.Argument(help="the backup file (its .json manifest beside it)")],
    force: Annotated[bool, typer.Option(help="replace a database that already holds data")] = False,
) -> None:
    """Restore a backup into the configured database, upgrade it if older, then run doctor."""
    settings = context.settings()
    system = bootstrap(settings)
    try:
        restored = backups.restore_backup(system.backup_database(), file, force)
    finally:
        system.close()
    manifest = restored.manifest
    typer.echo(
        f"已恢复 / restored {file.name} ({manifest.made_at:%Y-%m-%d %H:%M:%S} UTC,"
        f" 版本 / revision {manifest.revision})"
    )
    if restored.upgraded:
        typer.echo(f"已升级 / upgraded: {manifest.revision} → {restored.revision}")
    raise typer.Exit(setup.run_doctor(settings, repair=False))
