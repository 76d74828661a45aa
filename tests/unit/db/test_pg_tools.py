"""pg_dump and pg_restore of the server's major version, or a clear error saying what to install."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openjxc.adapters.db import backup
from openjxc.domain.shared.errors import DomainError


def fake_tool(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    program.chmod(0o755)
    return program


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Neither Debian's versioned folder nor PATH has the tools, unless a test puts them there."""
    monkeypatch.setattr(backup, "PG_BIN", str(tmp_path / "lib" / "{major}" / "bin"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    return tmp_path


def test_a_missing_pg_dump_names_the_package_to_install(nowhere: Path) -> None:
    with pytest.raises(DomainError) as error:
        backup.find_pg_tool("pg_dump", 15)
    assert error.value.code == "backup_tool_missing"
    assert error.value.params == {
        "tool": "pg_dump",
        "server": 15,
        "package": "postgresql-client-15",
    }


def test_a_pg_dump_older_than_the_server_is_refused(
    nowhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = fake_tool(nowhere / "bin", "pg_dump", "13.4 (Debian 13.4-1)")
    monkeypatch.setattr(shutil, "which", lambda name: str(old))
    with pytest.raises(DomainError) as error:
        backup.find_pg_tool("pg_dump", 15)
    assert error.value.code == "backup_tool_too_old"
    assert error.value.params["version"] == 13
    assert error.value.params["package"] == "postgresql-client-15"


def test_the_servers_own_version_is_preferred_to_the_one_on_the_path(
    nowhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = fake_tool(nowhere / "bin", "pg_dump", "17.2")
    monkeypatch.setattr(shutil, "which", lambda name: str(newer))
    assert backup.find_pg_tool("pg_dump", 17) == str(newer)
    matching = fake_tool(
        nowhere / "lib" / "15" / "bin", "pg_dump", "15.20 (Debian 15.20-0+deb12u1)"
    )
    assert backup.find_pg_tool("pg_dump", 15) == str(matching)
    assert backup.find_pg_tool("pg_dump", 16) == str(newer)  # a later one reads older servers
