"""Mounting the web UI on the FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from openjxc.bootstrap import System
from openjxc.entrypoints.messages import render
from openjxc.entrypoints.web import session
from openjxc.entrypoints.web.route import message_page
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
    api_http_error = app.exception_handlers[HTTPException]

    async def http_error(request: Request, error: Exception) -> Response:
        """A browser asking for a page that does not exist sees the UI's error page; the API
        and its clients keep their JSON error."""
        assert isinstance(error, HTTPException)
        path = request.url.path
        browser = "text/html" in request.headers.get("accept", "")
        if path.startswith(("/api/", "/openapi", "/docs", "/redoc")) or not browser:
            answer = api_http_error(request, error)
            return answer if isinstance(answer, Response) else await answer
        lang = session.language(request)
        if error.status_code == 404:
            text = render("not_found", {"entity": "page", "key": path[:100]}, lang)
        else:
            text = render("method_not_allowed", {}, lang)
        return message_page(request, text, error.status_code, str(error.status_code))

    app.add_exception_handler(HTTPException, http_error)
