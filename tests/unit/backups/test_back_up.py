"""Making and restoring a backup, on a fake database: manifest, checksum, retention, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from openjxc.domain.backups import BEFORE_MIGRATE, Retention
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.services.backups import back_up, read_manifest, restore_backup

HISTORY = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


class FakeDatabase:
    """A database whose contents are a byte string and whose schema is a revision."""

    kind = "sqlite"

    def __init__(self, contents: bytes = b"", revision: str | None = "0008") -> None:
        self.contents = contents
        self.at = revision
        self.upgrades = 0

    def revision(self) -> str | None:
        return self.at

    def head(self) -> str | None:
        return HISTORY[-1]

    def knows(self, revision: str) -> bool:
        return revision in HISTORY

    def holds_data(self) -> bool:
        return bool(self.contents)

    def dump(self, path: Path) -> None:
        path.write_bytes(f"{self.at}:".encode() + self.contents)

    def load(self, path: Path) -> None:
        revision, self.contents = path.read_bytes().split(b":", 1)
        self.at = revision.decode()

    def upgrade(self) -> None:
        self.at = HISTORY[-1]
        self.upgrades += 1


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[dt.datetime]:
    """The clock: set ``now[0]``."""
    times = [dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(clock, "now", lambda: times[0])
    return times


def test_a_backup_is_the_dump_and_a_manifest_with_its_checksum(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    made = back_up(FakeDatabase(b"books"), tmp_path / "backups", Retention())
    assert made.path == tmp_path / "backups" / "openjxc-20261201T020000Z-r0008.sqlite3"
    assert made.path.read_bytes() == b"0008:books"
    manifest = json.loads(made.path.with_name(made.path.name + ".json").read_text())
    assert manifest["revision"] == "0008"
    assert manifest["database"] == "sqlite"
    assert manifest["made_at"] == "2026-12-01T02:00:00+00:00"
    assert manifest["sha256"] == hashlib.sha256(b"0008:books").hexdigest()
    assert manifest["app_version"]
    assert read_manifest(made.path) == made.manifest
    assert sorted(p.name for p in made.path.parent.iterdir()) == [
        made.path.name,
        made.path.name + ".json",
    ]


def test_a_database_that_is_not_initialised_is_not_backed_up(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    with pytest.raises(ValidationError) as error:
        back_up(FakeDatabase(revision=None), tmp_path, Retention())
    assert error.value.code == "backup_database_not_initialised"
    assert list(tmp_path.iterdir()) == []


def test_retention_deletes_only_backups_this_command_made(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    database = FakeDatabase(b"books")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "openjxc-20200101T000000Z-r0001.sqlite3").write_text("no manifest")
    forged = tmp_path / "openjxc-20200102T000000Z-r0001.sqlite3"
    forged.write_text("a manifest naming another file")
    (tmp_path / (forged.name + ".json")).write_text('{"file": "other"}')
    now[0] = dt.datetime(2026, 10, 31, 2, tzinfo=dt.UTC)
    before_migrate = back_up(database, tmp_path, Retention(), BEFORE_MIGRATE).path
    made = []
    for day in range(1, 6):
        now[0] = dt.datetime(2026, 11, day, 2, tzinfo=dt.UTC)
        made.append(back_up(database, tmp_path, Retention(daily=2, monthly=1)))
    assert made[-1].deleted == (made[2].path,)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        [
            "notes.txt",
            "openjxc-20200101T000000Z-r0001.sqlite3",
            forged.name,
            forged.name + ".json",
            before_migrate.name,
            before_migrate.name + ".json",
            made[3].path.name,
            made[3].path.name + ".json",
            made[4].path.name,
            made[4].path.name + ".json",
        ]
    )


def test_restore_loads_a_backup_and_upgrades_one_from_an_earlier_revision(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    old = back_up(FakeDatabase(b"books", revision="0004"), tmp_path, Retention())
    target = FakeDatabase()
    restored = restore_backup(target, old.path)
    assert target.contents == b"books"
    assert target.upgrades == 1
    assert restored.upgraded
    assert restored.revision == "0008"


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    made = back_up(FakeDatabase(b"books"), tmp_path, Retention())
    target = FakeDatabase(b"other books")
    with pytest.raises(Conflict) as error:
        restore_backup(target, made.path)
    assert error.value.code == "restore_target_not_empty"
    assert target.contents == b"other books"
    restore_backup(target, made.path, force=True)
    assert target.contents == b"books"
    assert target.upgrades == 0


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (lambda path: path.write_bytes(path.read_bytes() + b"!"), "backup_checksum_mismatch"),
        (lambda path: path.with_name(path.name + ".json").unlink(), "backup_manifest_missing"),
        (
            lambda path: path.with_name(path.name + ".json").write_text("{"),
            "backup_manifest_invalid",
        ),
        (lambda path: path.unlink(), "backup_file_missing"),
    ],
)
def test_restore_refuses_a_backup_it_cannot_verify(
    tmp_path: Path, now: list[dt.datetime], spoil: object, code: str
) -> None:
    made = back_up(FakeDatabase(b"books"), tmp_path, Retention())
    spoil(made.path)  # type: ignore[operator]
    target = FakeDatabase()
    with pytest.raises(ValidationError) as error:
        restore_backup(target, made.path)
    assert error.value.code == code
    assert target.contents == b""


def test_restore_refuses_another_kind_of_database_or_a_newer_schema(
    tmp_path: Path, now: list[dt.datetime]
) -> None:
    made = back_up(FakeDatabase(b"books"), tmp_path, Retention())
    postgres = FakeDatabase()
    postgres.kind = "postgresql"
    with pytest.raises(ValidationError) as error:
        restore_backup(postgres, made.path)
    assert error.value.code == "backup_wrong_database"
    newer = back_up(FakeDatabase(b"books", revision="0099"), tmp_path / "newer", Retention())
    with pytest.raises(ValidationError) as error:
        restore_backup(FakeDatabase(), newer.path)
    assert error.value.code == "backup_newer_than_code"


def test_restore_takes_the_manifest_path_too(tmp_path: Path, now: list[dt.datetime]) -> None:
    made = back_up(FakeDatabase(b"books"), tmp_path, Retention())
    target = FakeDatabase()
    restore_backup(target, made.path.with_name(made.path.name + ".json"))
    assert target.contents == b"books"
