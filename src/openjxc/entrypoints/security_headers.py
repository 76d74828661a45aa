"""Security headers on every reply (pages, the API, /docs, static files), set in one place.

The Content Security Policy allows only this server's own scripts and styles: every browser
library is vendored, no page has an inline script, event handler or style attribute, and
Alpine is its CSP build. The one inline block left, a print page's paper size, carries the
request's nonce (``request.state.csp_nonce``). ``'wasm-unsafe-eval'`` lets the mobile scan
page compile its vendored barcode decoder (WebAssembly); it allows no JavaScript eval.

HSTS and the ``Secure`` cookie flag are sent only on HTTPS requests. Behind a reverse proxy
that ends TLS, the request is HTTPS when the proxy says so in ``X-Forwarded-Proto`` and is
trusted (``JXC_TRUSTED_PROXIES``, given to uvicorn as ``forwarded_allow_ips``).
"""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000"


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP reply; a header a route set itself is kept."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                    _secure_cookies(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _secure_cookies(headers: MutableHeaders) -> None:
    """Mark every cookie ``Secure``: over HTTPS it must never travel in clear text."""
    cookies = headers.getlist("set-cookie")
    if not cookies:
        return
    del headers["set-cookie"]
    for cookie in cookies:
        secure = "secure" in (part.strip().lower() for part in cookie.split(";"))
        headers.append("set-cookie", cookie if secure else f"{cookie}; Secure")
