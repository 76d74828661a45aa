"""`jxc backup`, `jxc restore` and the backup `jxc migrate` takes, as an operator runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from openjxc.adapters.db import migrate
from openjxc.bootstrap import bootstrap
from openjxc.domain.access.actor import Actor
from openjxc.services import users
from openjxc.services.demo import load_demo_data
from tests.conftest import own_postgres_database, settings_for
from tests.e2e.test_cli import jxc


def at_revision(url: str, revision: str) -> None:
    engine = create_engine(url)
    migrate.upgrade(engine, revision)
    engine.dispose()


@pytest.fixture
def target_url(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    if empty_database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with own_postgres_database("jxc_restore") as url:
        yield url


def test_migrate_backs_a_database_up_before_changing_it(
    empty_database_url: str, tmp_path: Path
) -> None:
    at_revision(empty_database_url, "0007")
    folder = tmp_path / "backups"
    result = jxc(empty_database_url, tmp_path, "migrate", env={"JXC_BACKUP_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "backup before migrating" in x)
    path = Path(line.split("backup before migrating: ")[1])
    assert path.parent == folder
    assert path.name.endswith("-r0007-before-migrate" + path.suffix)
    manifest = json.loads(path.with_name(path.name + ".json").read_text())
    assert (manifest["revision"], manifest["reason"]) == ("0007", "before-migrate")
    assert result.stdout.index("backup before migrating") < result.stdout.index("at revision")
    engine = create_engine(empty_database_url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()

    again = jxc(empty_database_url, tmp_path, "migrate", env={"JXC_BACKUP_DIR": str(folder)})
    assert again.returncode == 0, again.stderr
    assert "backup" not in again.stdout  # nothing to change: nothing to back up
    assert len(list(folder.iterdir())) == 2


def test_migrate_without_backup_when_asked(empty_database_url: str, tmp_path: Path) -> None:
    at_revision(empty_database_url, "0007")
    folder = tmp_path / "backups"
    result = jxc(
        empty_database_url, tmp_path, "migrate", "--no-backup", env={"JXC_BACKUP_DIR": str(folder)}
    )
    assert result.returncode == 0, result.stderr
    assert not folder.exists()


def test_backup_then_restore_into_a_fresh_database_runs_doctor(
    empty_database_url: str, target_url: str, tmp_path: Path
) -> None:
    at_revision(empty_database_url, "head")
    system = bootstrap(settings_for(empty_database_url))
    users.ensure_builtin_roles(system.uow())
    load_demo_data(system.uow, Actor.system())
    system.close()
    made = jxc(empty_database_url, tmp_path, "backup", "--to", str(tmp_path / "b"))
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.split("backup written: ")[1].split()[0])
    assert path.is_file()

    restored = jxc(target_url, tmp_path, "restore", str(path))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "all checks passed" in restored.stdout

    again = jxc(target_url, tmp_path, "restore", str(path))
    assert again.returncode == 1
    assert "--force" in again.stderr
    path.write_bytes(path.read_bytes()[:-1])
    damaged = jxc(target_url, tmp_path, "restore", "--force", str(path))
    assert damaged.returncode == 1
    assert "backup_checksum_mismatch" in damaged.stderr
