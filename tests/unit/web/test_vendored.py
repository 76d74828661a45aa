"""The vendored browser libraries: each file is the one recorded, each folder has its licence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openjxc.entrypoints.web

VENDOR = Path(openjxc.entrypoints.web.__file__).parent / "static" / "vendor"


def _records() -> list[dict[str, object]]:
    return json.loads((VENDOR / "VENDORED.json").read_text())  # type: ignore[no-any-return]


def test_every_vendored_file_is_the_one_recorded() -> None:
    for record in _records():
        files = record["files"]
        assert isinstance(files, dict), record["name"]
        assert files, record["name"]
        for path, digest in files.items():
            content = (VENDOR / path).read_bytes()
            assert hashlib.sha256(content).hexdigest() == digest, path


def test_every_library_ships_with_its_licence() -> None:
    for record in _records():
        files = record["files"]
        assert isinstance(files, dict)
        licences = [p for p in files if p.endswith("/LICENSE")]
        assert licences, f"{record['name']} has no LICENSE beside it"
        assert "Permission" in (VENDOR / licences[0]).read_text() or record["license"] != "MIT"
    folders = {p.name for p in VENDOR.iterdir() if p.is_dir()}
    recorded = {path.split("/")[0] for r in _records() for path in r["files"]}  # type: ignore[attr-defined]
    assert folders == recorded  # nothing served that is not recorded
