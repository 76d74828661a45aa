"""Mounting the web UI on the FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from openjxc.bootstrap import System
from openjxc.entrypoints.web.routes import ROUTERS

STATIC = Path(__file__).parent / "static"
SESSION_HOURS = 12


def install(app: FastAPI, system: System) -> None:
    """Mount the web UI on ``app``: sessions, /static and the pages."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=system.settings.secret_key,
        session_cookie="jxc_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
