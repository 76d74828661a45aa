"""Login, logout, language switch, change password."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from openjxc.domain.shared.errors import DomainError, Unauthenticated
from openjxc.entrypoints.api.deps import ClientAddress
from openjxc.entrypoints.web import session
from openjxc.entrypoints.web.deps import CurrentUser, SystemDep, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.templating import render
from openjxc.services import auth, users

router = web_router()


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    """The login form."""
    return render(request, "login.html", {"next": _safe_next(next), "error": ""})


@router.post("/login")
def login(
    request: Request,
    system: SystemDep,
    address: ClientAddress,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Check the password, start a session, go where the user was heading."""
    try:
        issued = auth.login(
            username, password, address, system.uow(), system.settings, web_session=True
        )
        actor = auth.authenticate(issued.token, system.reader(), web_session=True)
    except (Unauthenticated, DomainError) as error:
        errors = FieldErrors(error, session.language(request))
        values = {"next": _safe_next(next), "error": errors.summary, "username": username}
        status = 429 if error.kind == "throttled" else 401
        return render(request, "login.html", values, status=status)
    session.start(request, issued.token, actor.language)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, system: SystemDep, actor: CurrentUser) -> Response:
    """Revoke the login token and forget the session."""
    if actor.token_id is not None:
        auth.revoke_token(actor.token_id, actor, system.uow())
    session.end(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
def switch_language(
    request: Request,
    lang: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """简体中文 / English for this session."""
    session.set_language(request, lang)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/account/password")
def password_page(request: Request, actor: CurrentUser) -> Response:
    """The change-password form."""
    return render(request, "password.html", {"errors": FieldErrors(), "keep_api_tokens": False})


@router.post("/account/password")
def change_password(
    request: Request,
    actor: CurrentUser,
    uow: UowDep,
    system: SystemDep,
    address: ClientAddress,
    old_password: Annotated[str, Form(max_length=256)] = "",
    new_password: Annotated[str, Form(max_length=256)] = "",
    keep_api_tokens: Annotated[bool, Form()] = False,
) -> Response:
    """Change one's own password, proving the old one; this session goes on with a new
    login token, every other one ends (and the API tokens unless kept)."""
    try:
        issued = users.change_own_password(
            actor,
            old_password,
            new_password,
            uow,
            system.settings,
            address=address,
            keep_api_tokens=keep_api_tokens,
            web_session=True,
        )
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        if "new_password" not in errors.fields and error.code.startswith("password_"):
            errors.fields["new_password"] = errors.summary
        status = 429 if error.kind == "throttled" else 422
        values = {"errors": errors, "keep_api_tokens": keep_api_tokens}
        return render(request, "password.html", values, status=status)
    session.start(request, issued.token, actor.language)
    session.say(request, "Password changed; your other sessions have ended.")
    return RedirectResponse("/", status_code=303)
