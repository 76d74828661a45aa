"""Users and roles (administrators only)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import NotFound
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.i18n import LANGUAGE_NAMES, N_, Translator
from openjxc.entrypoints.web.records import Column, Field, RecordScreen, record_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import access as queries
from openjxc.services import users
from openjxc.services.unit_of_work import UnitOfWork


def _role_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    lang = actor.language
    return [
        (r["code"], r["name"] if lang == "zh-CN" else r["name_en"])
        for r in queries.list_roles(session, actor)
    ]


def _user(session: Session, actor: Actor, username: str) -> dict[str, Any]:
    rows, _ = queries.list_users(session, actor, username, 50, 0)
    for row in rows:
        if row["username"] == username:
            return row
    raise NotFound("user", username)


def _create(v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> tuple[str, str]:
    data = users.UserData(
        v["username"],
        v["display_name"],
        v["password"] or None,
        v["roles"],
        language=v["language"] or "zh-CN",
    )
    user, password = users.create_user(data, actor, uow)
    if v["password"]:
        return user.username, ""
    t = Translator(actor.language)
    message = t(
        "The password of %(user)s is %(password)s — shown once, copy it now.",
        user=user.username,
        password=password,
    )
    return user.username, message


def _update(key: str, v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> str:
    user = users.update_user(
        key,
        actor,
        uow,
        display_name=v["display_name"],
        roles=v["roles"],
        active=v["active"],
        language=v["language"] or None,
    )
    return user.username


USERS = RecordScreen(
    path="/users",
    title=N_("Users"),
    new_label=N_("New user"),
    read=Permission.USER_MANAGE,
    write=(Permission.USER_MANAGE,),
    key="username",
    columns=(
        Column("username", N_("Username")),
        Column("display_name", N_("Name")),
        Column("roles", N_("Roles"), "label"),
        Column("active", N_("Active"), "bool"),
    ),
    fields=(
        Field("username", N_("Username"), required=True, fixed_on_edit=True),
        Field("display_name", N_("Name")),
        Field(
            "password",
            N_("Password"),
            "password",
            only_on_create=True,
            help=N_("Leave empty to generate one"),
        ),
        Field("roles", N_("Roles"), "checks", options=_role_options),
        Field(
            "language", N_("Language"), "select", True, lambda s, a: list(LANGUAGE_NAMES.items())
        ),
        Field("active", N_("Active"), "checkbox", only_on_create=False),
    ),
    list_rows=lambda s, a, q, limit, offset: queries.list_users(s, a, q, limit, offset),
    get_row=_user,
    create=_create,
    update=_update,
    search_hint=N_("Username or name"),
)

roles_router = web_router()


@roles_router.get("/roles")
def list_roles(request: Request, actor: CurrentUser, session: ReadSession) -> Response:
    """The roles and what each may do."""
    return render(request, "roles.html", {"roles": queries.list_roles(session, actor)})


ROUTERS = [record_router(USERS), roles_router]
