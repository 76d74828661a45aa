"""Which backups retention keeps, how a backup is named, what its manifest accepts."""

from __future__ import annotations

import datetime as dt

import pytest

from openjxc.domain.backups import (
    BEFORE_MIGRATE,
    Manifest,
    Retention,
    backup_name,
    expired,
    is_backup_name,
)
from openjxc.domain.shared.errors import ValidationError

UTC = dt.UTC


def made(when: dt.datetime, reason: str = "backup") -> Manifest:
    name = backup_name("sqlite", when, "0008", reason)
    return Manifest(name, "sqlite", "0008", when, "0" * 64, 1, "0.1.0", reason)


def at(day: int, hour: int = 2, month: int = 12, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def test_the_name_holds_the_utc_time_and_the_revision() -> None:
    beijing = dt.timezone(dt.timedelta(hours=8))
    when = dt.datetime(2026, 12, 1, 8, 30, 5, tzinfo=beijing)
    assert backup_name("sqlite", when, "0008") == "openjxc-20261201T003005Z-r0008.sqlite3"
    assert (
        backup_name("postgresql", when, "0007", BEFORE_MIGRATE)
        == "openjxc-20261201T003005Z-r0007-before-migrate.dump"
    )
    assert is_backup_name("openjxc-20261201T003005Z-r0008.sqlite3")
    assert not is_backup_name("openjxc.db")
    assert not is_backup_name("openjxc-20261201T003005Z-r0008.sqlite3.json")


def test_keeps_the_newest_of_each_of_the_last_days_and_months() -> None:
    backups = [made(at(day, hour)) for day in range(1, 11) for hour in (2, 14)]
    backups += [made(at(15, 2, month)) for month in (8, 9, 10, 11)]
    gone = expired(backups, Retention(daily=3, monthly=3))
    kept = {b.made_at for b in backups} - {b.made_at for b in gone}
    # days 10, 9, 8 (newest of each); months Dec (day 10, already), Nov, Oct
    assert kept == {at(10, 14), at(9, 14), at(8, 14), at(15, 2, 11), at(15, 2, 10)}
    assert [b.made_at for b in gone] == sorted(b.made_at for b in gone)


def test_the_day_is_the_utc_day() -> None:
    late = dt.datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # 2 December in Beijing
    early = dt.datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    gone = expired([made(late), made(early)], Retention(daily=2, monthly=0))
    assert gone == []


def test_the_newest_backup_is_kept_even_when_retention_keeps_none() -> None:
    backups = [made(at(1)), made(at(2))]
    assert expired(backups, Retention(daily=0, monthly=0)) == [backups[0]]


def test_backups_taken_before_a_migration_are_never_expired() -> None:
    before = made(at(1), BEFORE_MIGRATE)
    backups = [before, made(at(5)), made(at(6))]
    gone = expired(backups, Retention(daily=1, monthly=0))
    assert [b.made_at for b in gone] == [at(5)]


def test_a_negative_retention_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Retention(daily=-1)
    assert error.value.code == "negative"


def test_a_manifest_reads_back_what_it_wrote() -> None:
    manifest = made(at(3))
    assert Manifest.from_json(manifest.to_json(), manifest.file) == manifest


@pytest.mark.parametrize(
    "change",
    [
        {"sha256": "not a checksum"},
        {"database": "mysql"},
        {"file": "openjxc-20261203T020000Z-r0008.dump"},
        {"made_at": "yesterday"},
        {"reason": "whatever"},
    ],
)
def test_a_manifest_that_this_command_did_not_write_is_refused(change: dict[str, str]) -> None:
    manifest = made(at(3))
    data = manifest.to_json() | change
    with pytest.raises(ValidationError) as error:
        Manifest.from_json(data, manifest.file)
    assert error.value.code == "backup_manifest_invalid"
