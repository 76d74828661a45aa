"""The FastAPI application: routers under /api/v1, one error format, guards."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from openjxc import __version__
from openjxc.adapters.db import migrate
from openjxc.bootstrap import System
from openjxc.entrypoints.api import docs, errors
from openjxc.entrypoints.api.deps import DecimalRoute
from openjxc.entrypoints.api.middleware import GuardMiddleware
from openjxc.entrypoints.api.routers import ROUTERS
from openjxc.entrypoints.security_headers import SecurityHeadersMiddleware
from openjxc.entrypoints.uploads import UploadSlots
from openjxc.entrypoints.web import app as web

DESCRIPTION = """
OpenJXC — 进销存 (purchase, sales, inventory) API.

* Authenticate with `POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`.
* Decimals are accepted as JSON strings or numbers and always returned as strings.
* Errors: `{"error": {"code", "message", "details"}}`; messages follow `Accept-Language`
  (zh-CN by default, en).
* Every POST/PUT/PATCH/DELETE honours `Idempotency-Key`.
"""


def create_app(system: System) -> FastAPI:
    app = FastAPI(
        title="OpenJXC",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,  # docs.install: Swagger UI from the vendored copy
        redoc_url=None,
    )
    app.state.system = system
    app.state.uploads = UploadSlots(system.settings.uploads_per_user)
    api = APIRouter(prefix="/api/v1", route_class=DecimalRoute)
    for router in ROUTERS:
        api.include_router(router)
    app.include_router(api)
    errors.install(app)
    app.add_middleware(GuardMiddleware, system=system)

    web.install(app, system)
    docs.install(app)
    app.add_middleware(SecurityHeadersMiddleware)  # last: outermost, so every reply has them

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        """The process is up (says nothing about the database)."""
        return {"status": "ok", "version": __version__}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        """Ready for traffic: the database answers and its schema is this code's."""
        reason = not_ready(system)
        if reason:
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app


def not_ready(system: System) -> str | None:
    """Why the service cannot serve requests now, in a few words without secrets; None: ready."""
    try:
        state = migrate.schema_state(system.engine)
    except SQLAlchemyError:
        return "database unreachable"
    if state.current is None:
        return "database not initialised: run jxc init"
    if state.unknown:
        return "database schema is newer than this OpenJXC"
    if state.pending:
        return f"database schema behind: {len(state.pending)} migration(s) pending, run jxc migrate"
    return None
