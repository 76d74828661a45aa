"""Backups that restore: make one (with its manifest and retention), and restore one.

The database side (a consistent dump while the server writes, loading a dump, migrations) is
the port ``BackupDatabase``, implemented in ``adapters/db/backup.py`` for SQLite and
PostgreSQL; ``bootstrap.System.backup_database()`` builds it. A job (the nightly backup)
calls ``back_up(system.backup_database(), folder, retention)`` as ``jxc backup`` does.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from openjxc import __version__
from openjxc.domain import backups
from openjxc.domain.backups import MANIFEST_SUFFIX, Manifest, Retention
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, ValidationError


class BackupDatabase(Protocol):
    """The configured database as backups see it."""

    @property
    def kind(self) -> str:
        """``sqlite`` or ``postgresql``."""
        ...

    def revision(self) -> str | None:
        """The schema revision the database is at (None: not initialised)."""
        ...

    def head(self) -> str | None:
        """The schema revision of this code."""
        ...

    def knows(self, revision: str) -> bool:
        """Whether ``revision`` is in this code's schema history (not from a newer OpenJXC)."""
        ...

    def holds_data(self) -> bool:
        """Whether any table has a row (the migrations' own bookkeeping aside)."""
        ...

    def dump(self, path: Path) -> None:
        """Write a consistent copy of the database to ``path`` while others keep writing."""
        ...

    def load(self, path: Path) -> None:
        """Replace everything in the database with the dump at ``path``."""
        ...

    def upgrade(self) -> None:
        """Run the migrations up to this code's head."""
        ...


@dataclass(frozen=True)
class BackupMade:
    path: Path
    manifest: Manifest
    #: older backups retention deleted (dump files; their manifests went with them)
    deleted: tuple[Path, ...]


def back_up(
    database: BackupDatabase,
    folder: Path,
    retention: Retention,
    reason: str = backups.SCHEDULED,
) -> BackupMade:
    """Dump the database into ``folder`` with its manifest, then apply retention there."""
    revision = database.revision()
    if revision is None:
        raise ValidationError("backup_database_not_initialised")
    made_at = clock.now()
    path = folder / backups.backup_name(database.kind, made_at, revision, reason)
    if path.exists() or _manifest_path(path).exists():
        raise Conflict("backup_exists", file=str(path))
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        database.dump(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    manifest = Manifest(
        path.name,
        database.kind,
        revision,
        made_at,
        _sha256(path),
        path.stat().st_size,
        __version__,
        reason,
    )
    _write_manifest(path, manifest)
    deleted = tuple(
        _delete(folder / old.file) for old in backups.expired(_made_in(folder), retention)
    )
    return BackupMade(path, manifest, deleted)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    #: the revision the database is at now (later than the backup's when it was upgraded)
    revision: str | None

    @property
    def upgraded(self) -> bool:
        return self.revision != self.manifest.revision


def restore_backup(database: BackupDatabase, path: Path, force: bool = False) -> Restored:
    """Check the backup (manifest, checksum, kind, revision), refuse a database that holds data
    unless ``force``, load the dump, and upgrade it when it is from an earlier revision."""
    if path.name.endswith(MANIFEST_SUFFIX):
        path = path.with_name(path.name.removesuffix(MANIFEST_SUFFIX))
    manifest = read_manifest(path)
    if _sha256(path) != manifest.sha256:
        raise ValidationError("backup_checksum_mismatch", file=str(path))
    if manifest.kind != database.kind:
        raise ValidationError(
            "backup_wrong_database", file=str(path), kind=manifest.kind, target=database.kind
        )
    if not database.knows(manifest.revision):
        raise ValidationError(
            "backup_newer_than_code", revision=manifest.revision, head=database.head()
        )
    if not force and database.holds_data():
        raise Conflict("restore_target_not_empty")
    database.load(path)
    if database.revision() != database.head():
        database.upgrade()
    return Restored(manifest, database.revision())


def read_manifest(path: Path) -> Manifest:
    """The manifest beside the backup ``path``."""
    if not path.is_file():
        raise ValidationError("backup_file_missing", file=str(path))
    beside = _manifest_path(path)
    try:
        data = json.loads(beside.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("backup_manifest_missing", file=str(beside)) from None
    except (OSError, ValueError):
        raise ValidationError("backup_manifest_invalid", file=path.name) from None
    return Manifest.from_json(data, path.name)


def _made_in(folder: Path) -> list[Manifest]:
    """The backups in ``folder`` this command made: a backup's name, its manifest, its dump."""
    made = []
    for beside in folder.glob(f"openjxc-*{MANIFEST_SUFFIX}"):
        path = beside.with_name(beside.name.removesuffix(MANIFEST_SUFFIX))
        if not backups.is_backup_name(path.name) or not path.is_file():
            continue
        try:
            made.append(read_manifest(path))
        except ValidationError:
            continue  # not one of ours: never deleted
    return made


def _delete(path: Path) -> Path:
    path.unlink(missing_ok=True)
    _manifest_path(path).unlink(missing_ok=True)
    return path


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def _write_manifest(path: Path, manifest: Manifest) -> None:
    beside, partial = _manifest_path(path), path.with_name(path.name + ".json.partial")
    partial.write_text(json.dumps(manifest.to_json(), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, beside)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
