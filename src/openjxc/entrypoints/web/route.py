"""The route class of every web page: CSRF check, login check, friendly errors.

* Unsafe methods (POST…) need the session's CSRF token as the ``csrf_token`` form field or
  the ``X-CSRF-Token`` header (htmx sends it from ``hx-headers`` on ``<body>``).
* A page that needs a user redirects to the login page (htmx: ``HX-Redirect``).
* A domain error not handled by the page is shown as a message in the user's language;
  anything else as a friendly page with a reference id — never a stack trace.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.datastructures import FormData

from openjxc.domain.shared.errors import DomainError, Unauthenticated
from openjxc.entrypoints.api.errors import STATUS
from openjxc.entrypoints.messages import describe, render
from openjxc.entrypoints.web import session
from openjxc.entrypoints.web.templating import is_htmx
from openjxc.entrypoints.web.templating import render as render_page

log = logging.getLogger("openjxc.web")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfRefused(Exception):
    pass


async def _check_csrf(request: Request) -> None:
    """Parse the form once (sync pages read ``request.state.form``) and check the token."""
    request.state.form = FormData()
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        request.state.form = await request.form()
    sent = request.headers.get(session.CSRF_HEADER) or request.state.form.get(session.CSRF_FIELD)
    if not session.csrf_valid(request, sent if isinstance(sent, str) else None):
        raise CsrfRefused


def _to_login(request: Request) -> Response:
    target = "/login?next=" + quote(request.url.path)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def message_page(request: Request, message: str, status: int, title: str) -> Response:
    """The UI's error page (or, for htmx, the flash area) saying ``message``."""
    try:
        return _render_message(request, message, status, title)
    except Exception:
        # the page around the message is broken too: plain HTML, still no stack trace
        log.exception("the error page could not be rendered")
        body = f'<!doctype html><meta charset="utf-8"><p id="error-message">{escape(message)}</p>'
        return HTMLResponse(body, status_code=status)


def _render_message(request: Request, message: str, status: int, title: str) -> Response:
    values = {"title": title, "message": message, "status": status}
    if is_htmx(request):
        # swap the message into the page's flash area instead of the target
        return render_page(
            request,
            "error.html",
            values,
            block="message",
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return render_page(request, "error.html", values, status=status)


def same_site_referer(request: Request) -> str | None:
    """The path of the page the request came from, if it is one of ours."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


class WebRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            lang = session.language(request)
            try:
                if request.method not in SAFE_METHODS:
                    await _check_csrf(request)
                return await handler(request)
            except CsrfRefused:
                t = render("csrf_failed", {}, lang)
                return message_page(request, t, 403, "403")
            except Unauthenticated:
                session.end(request)
                return _to_login(request)
            except DomainError as error:
                body = describe(error, lang)
                text = " ".join(
                    [body["message"], *[d["message"] for d in body["details"] if "message" in d]]
                )
                back = same_site_referer(request)
                if back and request.method not in SAFE_METHODS and not is_htmx(request):
                    # an action button refused: show why on the page it was pressed on
                    session.flash(request, text, "error")
                    return RedirectResponse(back, status_code=303)
                status = STATUS.get(error.kind, 400)
                return message_page(request, text, status, str(status))
            except RequestValidationError:
                return message_page(request, render("validation_error", {}, lang), 400, "400")
            except Exception:
                reference = uuid.uuid4().hex[:12]
                log.exception("unhandled error in the web UI, reference %s", reference)
                text = render("internal_error", {"reference": reference}, lang)
                return message_page(request, text, 500, "500")

        return route_handler
