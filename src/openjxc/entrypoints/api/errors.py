"""One mapping from errors to HTTP: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from openjxc.config import DEFAULT_LANGUAGE
from openjxc.domain.shared.errors import DomainError
from openjxc.entrypoints.messages import describe, render

log = logging.getLogger("openjxc.api")

STATUS = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "forbidden": 403,
    "unauthenticated": 401,
    "throttled": 429,
}


def language_of(request: Request) -> str:
    """zh-CN unless the client prefers English (Accept-Language)."""
    header = request.headers.get("accept-language", "").lower()
    for part in header.split(","):
        tag = part.split(";")[0].strip()
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers or None)


def retry_after(error: DomainError) -> dict[str, str]:
    """``Retry-After`` (seconds) for a throttled call that says how long to wait."""
    wait = error.params.get("retry_after")
    return {"Retry-After": str(wait)} if error.kind == "throttled" and wait else {}


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> JSONResponse:
        body = describe(error, language_of(request))
        return error_response(
            STATUS.get(error.kind, 400),
            body["code"],
            body["message"],
            body["details"],
            retry_after(error),
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        language = language_of(request)
        details = [_detail(e, language) for e in error.errors()]
        if any(e.get("type") == "json_invalid" for e in error.errors()):
            return error_response(
                400, "malformed_json", render("malformed_json", {}, language), details
            )
        return error_response(
            422, "validation_error", render("validation_error", {}, language), details
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "route_not_found", 405: "method_not_allowed"}.get(
            error.status_code, "http_error"
        )
        language = language_of(request)
        message = render(code, {}, language) if code != "http_error" else str(error.detail)
        return error_response(error.status_code, code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.exception("unhandled error, reference %s", reference)
        message = render("internal_error", {"reference": reference}, language_of(request))
        return error_response(500, "internal_error", message, [{"reference": reference}])


def _detail(error: Any, language: str) -> dict[str, Any]:
    location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
    field = ".".join(location) or "body"
    message = str(error.get("msg", ""))
    ctx = error.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, DomainError):
        # a domain rule raised inside a schema validator: use its code and message
        return {
            "field": field,
            "code": inner.code,
            "message": render(inner.code, {**inner.params, "field": field}, language),
        }
    return {"field": field, "code": str(error.get("type", "invalid")), "message": message}
