"""What the signed session cookie holds: the login token, the CSRF token, language, flashes.

The cookie is signed (Starlette's SessionMiddleware, itsdangerous), HttpOnly, SameSite=Lax,
and Secure over HTTPS (``entrypoints.security_headers``). It carries a web session's token:
random, stored only as its hash, checked, expired and revoked like a login token — but of
its own kind (``auth.WEB_SESSION``), which the API refuses as a bearer token, so whoever
reads the cookie holds no credential for the API (and the web asks for the CSRF token).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.requests import Request

from openjxc.entrypoints.web.i18n import Translator
from openjxc.entrypoints.web.i18n import language as supported_language

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def _session(request: Request) -> dict[str, Any]:
    data: dict[str, Any] = request.session
    return data


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    data = _session(request)
    if "csrf" not in data:
        data["csrf"] = secrets.token_urlsafe(32)
    return str(data["csrf"])


def csrf_valid(request: Request, sent: str | None) -> bool:
    expected = _session(request).get("csrf")
    return bool(expected and sent) and hmac.compare_digest(str(expected), str(sent))


def language(request: Request) -> str:
    """The session's choice, else the server's default language (``JXC_LANGUAGE``)."""
    chosen = _session(request).get("lang")
    return supported_language(chosen or request.app.state.system.settings.language)


def set_language(request: Request, lang: str) -> None:
    _session(request)["lang"] = supported_language(lang)


def token(request: Request) -> str | None:
    value = _session(request).get("token")
    return str(value) if value else None


def start(request: Request, login_token: str, lang: str | None) -> None:
    """A fresh session after login (a new CSRF token: never reuse the anonymous one)."""
    chosen = _session(request).get("lang")
    request.session.clear()
    _session(request).update(
        token=login_token, csrf=secrets.token_urlsafe(32), lang=chosen or supported_language(lang)
    )


def end(request: Request) -> None:
    lang = _session(request).get("lang")
    request.session.clear()
    if lang:
        _session(request)["lang"] = lang


def flash(request: Request, message: str, kind: str = "success") -> None:
    """A message shown once, on the next page."""
    _session(request).setdefault("flashes", []).append([kind, message])


def say(request: Request, message: str, kind: str = "success", **params: Any) -> None:
    """Flash ``message`` translated into the session's language."""
    flash(request, Translator(language(request))(message, **params), kind)


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    return [(k, m) for k, m in _session(request).pop("flashes", [])]
