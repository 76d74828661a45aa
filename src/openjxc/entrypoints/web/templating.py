"""Jinja2 templates: one route renders the full page, or only a block for htmx."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_block
from starlette.requests import Request
from starlette.responses import HTMLResponse

from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.web import labels, session
from openjxc.entrypoints.web.i18n import LANGUAGE_NAMES, Translator
from openjxc.entrypoints.web.menu import active_url, menu_for

TEMPLATES = Path(__file__).parent / "templates"


def _number(value: object) -> str:
    """A Decimal as people write it (1000, 2.5), blank for None."""
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


def _money(value: object) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if isinstance(value, Decimal) else str(value)


def _local_time(value: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC time in the server's time zone (the zone business dates and typed times use)."""
    if value is None:
        return ""
    return value.astimezone().strftime(fmt) if isinstance(value, datetime) else str(value)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # JSON for Alpine components keeps Chinese readable; tojson still escapes <, >, & and '
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    env.filters["number"] = _number
    env.filters["money"] = _money
    env.filters["local_time"] = _local_time
    env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        STATUS_LABELS=labels.STATUS_LABELS,
        TYPE_LABELS=labels.TYPE_LABELS,
        REASON_LABELS=labels.REASON_LABELS,
        PARTNER_KINDS=labels.PARTNER_KINDS,
        RUN_STATUS=labels.RUN_STATUS,
    )
    return env


ENV = _environment()


def is_htmx(request: Request) -> bool:
    """An htmx request that wants a fragment (boosted navigations want the whole page)."""
    return request.headers.get("hx-request") == "true" and not request.headers.get("hx-boosted")


def context(request: Request, **values: Any) -> dict[str, Any]:
    """What every template sees: the user, the menu, the CSRF token, the translator."""
    translate = Translator(session.language(request))
    actor = getattr(request.state, "actor", None)
    menu = menu_for(actor) if actor is not None else []
    page = values.get("menu_url")
    return {
        "request": request,
        "actor": actor,
        "menu": menu,
        "menu_active": active_url(menu, request.url.path, request.query_params, page),
        "csrf_token": session.csrf_token(request),
        "lang": translate.lang,
        "_": translate,
        "gettext": translate,
        "ngettext": translate.ngettext,
        "flashes": session.pop_flashes(request),
        **values,
    }


def render(
    request: Request,
    template: str,
    values: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page, or only ``block`` of it when htmx asks for a fragment."""
    ctx = context(request, **(values or {}))
    if block is not None and is_htmx(request):
        html = render_block(ENV, template, block, ctx)
    else:
        html = ENV.get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status, headers=headers)
