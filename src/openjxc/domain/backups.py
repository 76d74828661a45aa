"""Backups: how a backup file is named, what its manifest records, which ones retention keeps.

A backup is two files side by side: the database dump (``openjxc-20261201T020000Z-r0008.sqlite3``
or ``….dump`` for PostgreSQL) and its manifest (the same name plus ``.json``) with the schema
revision, the time (UTC), the kind of database, the SHA-256 of the dump and the version of
OpenJXC that made it. Only files with such a name and manifest are ever deleted by retention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from openjxc.domain.shared.errors import ValidationError

#: a backup made on request or by the nightly job; retention applies to these
SCHEDULED = "backup"
#: a backup taken by ``jxc migrate`` before it changes the schema; kept until deleted by hand
BEFORE_MIGRATE = "before-migrate"
REASONS = (SCHEDULED, BEFORE_MIGRATE)

EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "dump"}
MANIFEST_SUFFIX = ".json"
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^openjxc-(?P<stamp>\d{8}T\d{6}Z)-r(?P<revision>[0-9A-Za-z_]+)"
    r"(?P<before>-before-migrate)?\.(?P<ext>sqlite3|dump)$"
)


def backup_name(kind: str, made_at: datetime, revision: str, reason: str = SCHEDULED) -> str:
    """``openjxc-<UTC time>-r<revision>[-before-migrate].<sqlite3|dump>``."""
    stamp = made_at.astimezone(UTC).strftime(_STAMP)
    before = "-before-migrate" if reason == BEFORE_MIGRATE else ""
    return f"openjxc-{stamp}-r{revision}{before}.{EXTENSIONS[kind]}"


def is_backup_name(name: str) -> bool:
    return _NAME.match(name) is not None


@dataclass(frozen=True)
class Manifest:
    """What a backup is: written beside the dump, checked before any restore."""

    file: str
    kind: str
    revision: str
    made_at: datetime
    sha256: str
    size: int
    app_version: str
    reason: str = SCHEDULED

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "file": self.file,
            "database": self.kind,
            "revision": self.revision,
            "made_at": self.made_at.astimezone(UTC).isoformat(),
            "sha256": self.sha256,
            "size": self.size,
            "app_version": self.app_version,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: object, file: str) -> Manifest:
        """The manifest of backup ``file``; refused when it is not one this command wrote."""
        try:
            assert isinstance(data, dict)
            manifest = cls(
                file=str(data["file"]),
                kind=str(data["database"]),
                revision=str(data["revision"]),
                made_at=datetime.fromisoformat(str(data["made_at"])).astimezone(UTC),
                sha256=str(data["sha256"]),
                size=int(data["size"]),
                app_version=str(data["app_version"]),
                reason=str(data.get("reason", SCHEDULED)),
            )
        except (AssertionError, KeyError, TypeError, ValueError):
            raise ValidationError("backup_manifest_invalid", file=file) from None
        if (
            manifest.file != file
            or not is_backup_name(file)
            or manifest.kind not in EXTENSIONS
            or manifest.reason not in REASONS
            or not re.fullmatch(r"[0-9a-f]{64}", manifest.sha256)
        ):
            raise ValidationError("backup_manifest_invalid", file=file)
        return manifest


@dataclass(frozen=True)
class Retention:
    """Keep the newest backup of each of the last ``daily`` days that have one, and the newest
    of each of the last ``monthly`` months (UTC); the newest backup is always kept."""

    daily: int = 7
    monthly: int = 12

    def __post_init__(self) -> None:
        for field, value in (("keep_daily", self.daily), ("keep_monthly", self.monthly)):
            if value < 0:
                raise ValidationError("negative", field=field)


def expired(backups: Iterable[Manifest], retention: Retention) -> list[Manifest]:
    """The backups retention lets go, oldest first. Backups taken before a migration are never
    among them: they are kept until someone deletes them."""
    newest_first = sorted(
        (b for b in backups if b.reason == SCHEDULED), key=lambda b: b.made_at, reverse=True
    )
    keep = {newest_first[0].file} if newest_first else set()
    days: set[object] = set()
    months: set[object] = set()
    for backup in newest_first:
        day = backup.made_at.date()
        month = (day.year, day.month)
        if day not in days and len(days) < retention.daily:
            days.add(day)
            keep.add(backup.file)
        if month not in months and len(months) < retention.monthly:
            months.add(month)
            keep.add(backup.file)
    return [b for b in reversed(newest_first) if b.file not in keep]
