"""A database made by the previous release upgrades to this code with every figure unchanged.

The previous release's own code (``git archive`` of its commit, from migrations/released.json)
creates the database, loads its demo data, posts a few documents and writes down every figure
through its API; this code then migrates the database, runs doctor and writes the figures down
again. A figure lost or changed fails the test. Needs the git history (CI clones it); without it
the test fails under CI and is skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from openjxc.adapters.db import migrate

ROOT = Path(__file__).resolve().parents[2]
FIGURES = Path(__file__).parent / "upgrade" / "figures.py"
PASSWORD = "Upgrade-pass-1"

#: API fields a release removed on purpose, with the reason (also in the CHANGELOG)
REMOVED: dict[str, str] = {
    "valuation_pending": "0.2.0: removed, it was always false (re-costing is synchronous)",
}


#: quantity totals a release stopped giving on purpose: a report's 合计 no longer adds
#: quantities of different units (0.2.0, issue #17 item 7; also in the CHANGELOG)
_QTY_TOTALS = frozenset({"qty", "on_hand", "shortage", "excess"})


#: report totals a release replaced on purpose: report -> {total: what replaces it}
_REPLACED_TOTALS = {
    # 0.2.0, issue #17 item 8: the ledger's 合计 netted signed amounts into one "金额"
    "/reports/stock-ledger": {"amount": ("in_amount", "out_amount")},
}


def _replaced_total(where: str, key: str, new: dict[str, Any]) -> bool:
    """A report's total left out because others replace it (and those are there)."""
    if not where.endswith(".totals"):
        return False
    report = next((r for r in _REPLACED_TOTALS if f"{r}?" in where), None)
    replacements = _REPLACED_TOTALS.get(report or "", {}).get(key)
    return replacements is not None and all(k in new for k in replacements)


def _withdrawn_total(where: str, new: Any) -> bool:
    """A quantity in a report's totals that is now left out (rows of several units)."""
    *_, parent, key = where.rsplit(".", 2)
    return new is None and parent == "totals" and (key.endswith("_qty") or key in _QTY_TOTALS)


def _previous_release() -> tuple[str, dict[str, Any]]:
    releases = migrate.released()
    version = max(releases, key=lambda v: tuple(int(part) for part in v.split(".")))
    return version, releases[version]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — CI must run the upgrade check")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def release_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's source tree, extracted from git."""
    version, release = _previous_release()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", release["commit"], "src"],
        capture_output=True,
    )
    if archive.returncode != 0:
        _unavailable(f"release {version} ({release['commit'][:10]}) is not in the git history")
    target = tmp_path_factory.mktemp(f"release-{version}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    return empty_database_url


def _run(src: Path, url: str, data_dir: Path, *args: str) -> str:
    """A Python process with ``src`` first on the path (the release's code, or this one's)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "JXC_DATABASE_URL": url,
        "JXC_DATA_DIR": str(data_dir),
        "JXC_SECRET_KEY": "upgrade-check",
        "PYTHONWARNINGS": "ignore",
    }
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _jxc(src: Path, url: str, data_dir: Path, *args: str) -> str:
    runner = "from openjxc.entrypoints.cli.main import run; run()"
    return _run(src, url, data_dir, "-c", runner, *args)


def _missing(old: Any, new: Any, where: str) -> list[str]:
    """Every figure of ``old`` that ``new`` lost or changed (new may add fields)."""
    if isinstance(old, dict) and isinstance(new, dict):
        problems = []
        for key, value in old.items():
            if key in REMOVED:
                continue
            if key not in new and _replaced_total(where, key, new):
                continue
            if key not in new:
                problems.append(f"{where}.{key}: gone (was {value!r})")
            else:
                problems += _missing(value, new[key], f"{where}.{key}")
        return problems
    if isinstance(old, list) and isinstance(new, list):
        if where.endswith(".columns") and len(new) > len(old):
            # a report may gain columns (its rows gain the fields): each old one is still there
            return [f"{where}: {column!r} gone" for column in old if column not in new]
        if len(old) != len(new):
            return [f"{where}: {len(old)} rows before, {len(new)} after"]
        return [
            p
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for p in _missing(a, b, f"{where}[{i}]")
        ]
    if old == new or _withdrawn_total(where, new):
        return []
    return [f"{where}: {old!r} before, {new!r} after"]


def test_a_database_of_the_previous_release_upgrades_with_every_figure_unchanged(
    release_src: Path, database_url: str, tmp_path: Path
) -> None:
    _, release = _previous_release()
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    _jxc(release_src, database_url, tmp_path, "init", "--admin-password", PASSWORD)
    _jxc(release_src, database_url, tmp_path, "demo")
    _run(
        release_src,
        database_url,
        tmp_path,
        str(FIGURES),
        database_url,
        PASSWORD,
        str(before),
        "--post",
    )
    engine = create_engine(database_url)
    assert migrate.current_revision(engine) == release["head"]

    _jxc(ROOT / "src", database_url, tmp_path, "migrate")
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert migrate.schema_drift(engine) == []
    engine.dispose()
    doctor = _jxc(ROOT / "src", database_url, tmp_path, "doctor")
    assert "✗" not in doctor
    _run(ROOT / "src", database_url, tmp_path, str(FIGURES), database_url, PASSWORD, str(after))

    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    assert len(old) > 50  # every report ran, per product or partner where it needs one
    problems = _missing(old, new, "")
    assert problems == [], "\n".join(problems)


def test_the_comparison_finds_a_changed_a_lost_and_a_missing_figure() -> None:
    def report(*rows: dict[str, Any]) -> dict[str, Any]:
        return {"/r": {"data": list(rows), "count": len(rows)}}

    old = report({"qty": "5", "value": "10.00"})
    assert _missing(old, report({"qty": "5", "value": "10.00", "added": "1"}), "") == []
    assert _missing(old, report({"qty": "5", "value": "10.01"}), "") == [
        "./r.data[0].value: '10.00' before, '10.01' after"
    ]
    assert _missing(old, report({"qty": "5"}), "") == ["./r.data[0].value: gone (was '10.00')"]
    assert _missing(old, report(), "") == [
        "./r.data: 1 rows before, 0 after",
        "./r.count: 1 before, 0 after",
    ]


def test_the_comparison_lets_a_report_gain_columns_but_not_lose_one() -> None:
    amount, added = {"key": "amount"}, {"key": "revaluation"}
    assert _missing({"/r": {"columns": [amount]}}, {"/r": {"columns": [amount, added]}}, "") == []
    assert _missing({"/r": {"columns": [amount, added]}}, {"/r": {"columns": [added]}}, "") == [
        "./r.columns: 2 rows before, 1 after"
    ]
    assert _missing(
        {"/r": {"columns": [amount]}}, {"/r": {"columns": [added, {"key": "x"}]}}, ""
    ) == ["./r.columns: {'key': 'amount'} gone"]


def test_the_comparison_lets_the_ledger_total_ins_and_outs_instead_of_one_amount() -> None:
    ledger = "/api/v1/reports/stock-ledger?product=P"
    old = {ledger: {"totals": {"amount": "600.00"}}}
    split = {ledger: {"totals": {"in_amount": "700.00", "out_amount": "100.00"}}}
    assert _missing(old, split, "") == []
    assert _missing(old, {ledger: {"totals": {}}}, "") == [
        f"./{ledger.lstrip('/')}.totals.amount: gone (was '600.00')"
    ]
    other = "/api/v1/reports/stock-summary?x=1"
    assert _missing({other: {"totals": {"amount": "1"}}}, {other: {"totals": {}}}, "") != []


def test_the_comparison_lets_a_report_leave_out_a_quantity_total_only() -> None:
    old = {"/r": {"totals": {"closing_qty": "4440", "closing_amount": "100.00"}}}
    withdrawn = {"/r": {"totals": {"closing_qty": None, "closing_amount": "100.00"}}}
    assert _missing(old, withdrawn, "") == []
    money_gone = {"/r": {"totals": {"closing_qty": "4440", "closing_amount": None}}}
    assert _missing(old, money_gone, "") == [
        "./r.totals.closing_amount: '100.00' before, None after"
    ]
    row_qty = {"/r": {"data": [{"closing_qty": "5"}]}}
    assert _missing(row_qty, {"/r": {"data": [{"closing_qty": None}]}}, "") == [
        "./r.data[0].closing_qty: '5' before, None after"
    ]
