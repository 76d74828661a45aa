"""The `jxc` command as an operator runs it: a real process, real exit codes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from openjxc.adapters.db import migrate
from openjxc.bootstrap import System
from openjxc.entrypoints.cli import bench_web

JXC = Path(sys.executable).parent / "jxc"


def jxc(
    url: str, data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "JXC_ADMIN_PASSWORD"}
    environment.update({"JXC_DATABASE_URL": url, "JXC_DATA_DIR": str(data_dir), **(env or {})})
    return subprocess.run(
        [str(JXC), *args], capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.fixture
def url(system: System) -> str:
    """An empty migrated database (SQLite file or PostgreSQL) for the CLI to work on."""
    return system.settings.database_url


def test_init_creates_an_admin_with_a_generated_password_shown_once(
    url: str, tmp_path: Path
) -> None:
    first = jxc(url, tmp_path, "init")
    assert first.returncode == 0, first.stderr
    password = first.stdout.split("password (shown once): ")[1].split()[0]
    assert len(password) >= 12
    second = jxc(url, tmp_path, "init")
    assert second.returncode == 0
    assert "shown once" not in second.stdout


def test_init_takes_the_admin_password_from_the_environment(url: str, tmp_path: Path) -> None:
    result = jxc(url, tmp_path, "init", env={"JXC_ADMIN_PASSWORD": "Given-pass-1"})
    assert result.returncode == 0, result.stderr
    assert "Given-pass-1" not in result.stdout
    assert "shown once" not in result.stdout


def test_a_weak_admin_password_is_refused_with_a_clear_message(url: str, tmp_path: Path) -> None:
    result = jxc(url, tmp_path, "init", "--admin-password", "123")
    assert result.returncode == 1
    assert "密码至少需要 8 个字符" in result.stderr


def test_demo_twice_creates_nothing_the_second_time_and_doctor_is_clean(
    url: str, tmp_path: Path
) -> None:
    assert jxc(url, tmp_path, "init", "--admin-password", "Given-pass-1").returncode == 0
    first = jxc(url, tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    again = jxc(url, tmp_path, "demo")
    assert again.returncode == 0
    assert "(0 new records)" in again.stdout
    doctor = jxc(url, tmp_path, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "✗" not in doctor.stdout


def test_doctor_repair_revalues_a_corrupted_move_as_an_audited_repair(
    url: str, tmp_path: Path
) -> None:
    assert jxc(url, tmp_path, "init", "--admin-password", "Given-pass-1").returncode == 0
    assert jxc(url, tmp_path, "demo").returncode == 0
    engine = create_engine(url)
    with engine.begin() as connection:
        move = connection.execute(
            text("SELECT min(id) FROM stock_move WHERE basis = 'cost' AND qty < 0")
        ).scalar_one()
        connection.execute(
            text("UPDATE stock_move SET value = value - 1 WHERE id = :id"), {"id": move}
        )
    found = jxc(url, tmp_path, "doctor")
    assert found.returncode == 1
    assert f"✗ move {move} (" in found.stdout
    repaired = jxc(url, tmp_path, "doctor", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "re-valued 1 moves" in repaired.stdout
    assert "✗" not in repaired.stdout
    with engine.connect() as connection:
        who = connection.execute(
            text("SELECT username FROM audit_log WHERE action = 'books.repair'")
        ).scalars()
        assert list(who) == ["system"]
    engine.dispose()


def test_user_and_token_commands_work_and_errors_exit_non_zero(url: str, tmp_path: Path) -> None:
    assert jxc(url, tmp_path, "init", "--admin-password", "Given-pass-1").returncode == 0
    added = jxc(
        url, tmp_path, "user", "add", "wang", "--role", "sales", "--password", "Sales-pass-1"
    )
    assert added.returncode == 0, added.stderr
    duplicate = jxc(url, tmp_path, "user", "add", "wang", "--role", "sales")
    assert duplicate.returncode == 1
    assert "已存在" in duplicate.stderr
    unknown_role = jxc(url, tmp_path, "user", "add", "li", "--role", "boss")
    assert unknown_role.returncode == 1
    assert "boss" in unknown_role.stderr
    token = jxc(url, tmp_path, "token", "create", "--user", "wang", "--name", "POS")
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().splitlines()[-1].startswith("jxc_")
    assert jxc(url, tmp_path, "token", "revoke", "1").returncode == 0
    assert jxc(url, tmp_path, "user", "disable", "wang").returncode == 0
    assert jxc(url, tmp_path, "user", "passwd", "nobody").returncode == 1


def test_doctor_reports_an_uninitialised_database(tmp_path: Path) -> None:
    result = jxc(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path, "doctor")
    assert result.returncode == 1
    assert "jxc init" in result.stdout


def _database_at_the_first_release(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate.upgrade(engine, migrate.released()["0.1.0"]["head"])
    engine.dispose()
    return url


def test_serve_refuses_a_database_that_is_behind_and_names_jxc_migrate(tmp_path: Path) -> None:
    url = _database_at_the_first_release(tmp_path)
    serve = jxc(url, tmp_path, "serve", "--port", "1")
    assert serve.returncode == 2
    assert "jxc migrate" in serve.stderr
    doctor = jxc(url, tmp_path, "doctor")
    assert doctor.returncode == 1
    assert "jxc migrate" in doctor.stdout
    assert migrate.current_revision(create_engine(url)) == "0001"  # nothing was migrated
    assert jxc(url, tmp_path, "migrate").returncode == 0
    assert jxc(url, tmp_path, "doctor").returncode == 0


def test_doctor_and_serve_name_schema_drift(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drift.db'}"
    engine = create_engine(url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE warehouse ADD COLUMN legacy INTEGER"))
    engine.dispose()
    doctor = jxc(url, tmp_path, "doctor")
    assert doctor.returncode == 1
    assert "schema drift: column warehouse.legacy is in the database but not in the code" in (
        doctor.stdout
    )
    serve = jxc(url, tmp_path, "serve", "--port", "1")
    assert serve.returncode == 2
    assert "warehouse.legacy" in serve.stderr


def test_serve_refuses_a_database_made_by_a_newer_openjxc(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    engine = create_engine(url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    serve = jxc(url, tmp_path, "serve", "--port", "1")
    assert serve.returncode == 2
    assert "newer than this OpenJXC" in serve.stderr


def test_serve_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    result = jxc(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path, "serve", "--port", "1")
    assert result.returncode == 2
    assert "jxc init" in result.stderr


def test_serve_answers_real_http_requests_on_the_demo_database(url: str, tmp_path: Path) -> None:
    """The README's path: init, demo, serve, log in over HTTP."""
    assert jxc(url, tmp_path, "init", "--admin-password", "Given-pass-1").returncode == 0
    assert jxc(url, tmp_path, "demo").returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "JXC_DATABASE_URL": url, "JXC_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [str(JXC), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine starts slowly; not a timing test
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        assert server.poll() is None, server.stdout.read() if server.stdout else ""
        token = httpx.post(
            f"{base}/api/v1/auth/token", json={"username": "admin", "password": "Given-pass-1"}
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        organisations = httpx.get(f"{base}/api/v1/organisations", headers=headers).json()
        assert {o["code"] for o in organisations["data"]} >= {"HQ", "S01", "S02"}
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "OpenJXC"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_bench_web_requests_every_main_screen_and_reports_its_time(tmp_path: Path) -> None:
    """`jxc bench web` builds its own scratch database (SQLite here) with the demo data; a
    page that does not answer 200 fails the command."""
    result = jxc("sqlite:///unused.db", tmp_path, "bench", "web", "--repeat", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("database: sqlite")
    pages = [line for line in lines[2:-1] if line.startswith("/")]
    assert {line.split()[0] for line in pages} >= {"/", "/documents", "/reports/stock-summary"}
    assert all("ms" in line for line in pages)
    assert len(pages) == len(bench_web.PAGES)
    assert lines[-1].startswith("pages over 150 ms:")
