#!/usr/bin/env python3
"""The two commands of the README, for a fresh machine with only Python 3.11+.

    python3 run.py          install, create the SQLite database with demo data, serve at :8000
                            (with the scheduled jobs: ``jxc serve --with-worker``)
    python3 run.py test     install the test tools and run the whole test suite

``python3 run.py --no-demo`` starts a clean company instead (the demo never goes into a
database that holds a company's own data anyway).

Everything is installed into ./.venv from the lock file (uv.lock) with uv, itself pinned and
installed from PyPI into that venv. Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
UV_VERSION = "0.13.8"


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install(dev: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py must also explain itself on old Pythons
        sys.exit(f"OpenJXC needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not (BIN / "python").exists():
        print("创建虚拟环境 / creating .venv …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not (BIN / "uv").exists():
        sh(BIN / "python", "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(VENV)}
    groups = ["--group", "dev"] if dev else ["--no-dev"]
    # --inexact keeps uv itself, which lives in the same venv
    sh(BIN / "uv", "sync", "--frozen", "--inexact", "--quiet", *groups, env=env)


def serve(args: list[str]) -> None:
    install(dev=False)
    jxc = BIN / "jxc"
    sh(jxc, "init")
    if "--no-demo" not in args:
        sh(jxc, "demo")
    # the scheduled jobs (alerts) run in the server process too, so the demo shows them
    # arriving; tests never come here (they build the app themselves)
    os.execv(jxc, [str(jxc), "serve", "--with-worker", *(a for a in args if a != "--no-demo")])


def test(pytest_args: list[str]) -> None:
    install(dev=True)
    sh(BIN / "ruff", "format", "--check", "src", "tests")
    sh(BIN / "ruff", "check", "src", "tests")
    sh(BIN / "lint-imports")
    sh(BIN / "mypy")
    # both cores by default; pass -n 0 (or any -n) to choose
    parallel = [] if any(a == "-n" or a.startswith("-n") for a in pytest_args) else ["-n", "auto"]
    os.execv(BIN / "python", [str(BIN / "python"), "-m", "pytest", *parallel, *pytest_args])


if __name__ == "__main__":
    if sys.argv[1:2] == ["test"]:
        test(sys.argv[2:])
    else:
        serve(sys.argv[1:])
