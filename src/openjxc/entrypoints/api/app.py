"""The FastAPI application: routers under /api/v1, one error format, guards."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from openjxc import __version__
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
        return {"status": "ok", "version": __version__}

    return app
