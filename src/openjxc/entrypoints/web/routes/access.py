"""Users and roles (administrators only)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import DomainError, NotFound, ValidationError
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import LANGUAGE_NAMES, N_, Translator
from openjxc.entrypoints.web.labels import PERMISSION_GROUPS, PERMISSION_LABELS
from openjxc.entrypoints.web.records import Action, Column, Field, RecordScreen, record_router
from openjxc.entrypoints.web.templating import render
from openjxc.queries import access as queries
from openjxc.services import users
from openjxc.services.lookup import as_id
from openjxc.services.unit_of_work import UnitOfWork


def _role_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    lang = actor.language
    return [
        (r["code"], r["name"] if lang == "zh-CN" else r["name_en"])
        for r in queries.list_roles(session, actor)
    ]


SCOPES = ("organisation_ids", "warehouse_ids")


def _organisation_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    choices = queries.scope_choices(session, actor)["organisation_ids"]
    return [(str(id), f"{code} {name}") for id, code, name in choices]


def _warehouse_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    choices = queries.scope_choices(session, actor)["warehouse_ids"]
    return [(str(id), f"{code} {name}") for id, code, name in choices]


def _user(session: Session, actor: Actor, username: str) -> dict[str, Any]:
    rows, _ = queries.list_users(session, actor, username, 50, 0)
    for row in rows:
        if row["username"] == username:
            # the form ticks the ids of the scope; none ticked is everything
            scope = {k: tuple(str(i) for i in row[k] or ()) for k in SCOPES}
            return {**row, **scope}
    raise NotFound("user", username)


def _list_users(
    session: Session, actor: Actor, q: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Users with their roles by name and what they see: the codes of their stores and
    warehouses, or 全部."""
    rows, count = queries.list_users(session, actor, q, limit, offset)
    role_names = dict(_role_options(session, actor))
    codes = {
        "organisation_ids": {
            int(k): v.split()[0] for k, v in _organisation_options(session, actor)
        },
        "warehouse_ids": {int(k): v.split()[0] for k, v in _warehouse_options(session, actor)},
    }
    t = Translator(actor.language)
    everything = t("Everything")
    for row in rows:
        row["role_names"] = ", ".join(role_names.get(r, r) for r in row["roles"] or ())
        limited = [codes[k].get(i, str(i)) for k in SCOPES for i in row[k] or ()]
        row["scope"] = " ".join(limited) or everything
        if row["own_documents_only"]:
            row["scope"] += " · " + t("own documents")
    return rows, count


def _scope(v: dict[str, Any], key: str) -> tuple[int, ...] | None:
    """The ticked ids; none ticked: the whole company (no limit)."""
    ticked = v[key]
    ids = [as_id(i) for i in ticked]
    if None in ids:
        raise ValidationError("invalid_choice", field=key, value=",".join(ticked)[:32])
    return tuple(i for i in ids if i is not None) or None


def _create(v: dict[str, Any], actor: Actor, uow: UnitOfWork) -> tuple[str, str]:
    data = users.UserData(
        v["username"],
        v["display_name"],
        v["password"] or None,
        v["roles"],
        organisation_ids=_scope(v, "organisation_ids"),
        warehouse_ids=_scope(v, "warehouse_ids"),
        language=v["language"] or "zh-CN",
        own_documents_only=v["own_documents_only"],
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
        organisation_ids=_scope(v, "organisation_ids"),
        warehouse_ids=_scope(v, "warehouse_ids"),
        active=v["active"],
        language=v["language"] or None,
        own_documents_only=v["own_documents_only"],
    )
    return user.username


def _reset_password(username: str, actor: Actor, uow: UnitOfWork) -> str:
    password = users.set_password(username, None, actor, uow)
    t = Translator(actor.language)
    return t(
        "The password of %(user)s is %(password)s — shown once, copy it now.",
        user=username,
        password=password,
    )


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
        Column("role_names", N_("Roles")),
        Column("scope", N_("Sees")),
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
            "organisation_ids",
            N_("Stores this user sees"),
            "checks",
            options=_organisation_options,
            help=N_("None ticked: every store and head office."),
        ),
        Field(
            "warehouse_ids",
            N_("Warehouses this user sees"),
            "checks",
            options=_warehouse_options,
            help=N_("None ticked: every warehouse of the stores above."),
        ),
        Field(
            "own_documents_only",
            N_("Own documents only"),
            "checkbox",
            help=N_(
                "Of purchasing and sales documents and payments, this user sees only those "
                "they made or are the salesperson on."
            ),
        ),
        Field(
            "language", N_("Language"), "select", True, lambda s, a: list(LANGUAGE_NAMES.items())
        ),
        Field("active", N_("Active"), "checkbox", only_on_create=False),
    ),
    list_rows=_list_users,
    get_row=_user,
    create=_create,
    update=_update,
    search_hint=N_("Username or name"),
    actions=(
        Action(
            "password",
            N_("Reset password"),
            _reset_password,
            confirm=N_("Give this user a new generated password?"),
        ),
    ),
)

roles_router = web_router(prefix="/roles")


@roles_router.get("")
def list_roles(request: Request, actor: CurrentUser, session: ReadSession) -> Response:
    """The roles and what each may do; custom roles can be added and changed."""
    values = {"roles": queries.list_roles(session, actor), "labels": PERMISSION_LABELS}
    return render(request, "roles.html", values)


def _role_form(
    request: Request, role: dict[str, Any] | None, errors: FieldErrors, status: int = 200
) -> Response:
    values = {"role": role or {}, "groups": PERMISSION_GROUPS, "errors": errors}
    return render(request, "role_form.html", values, status=status)


def _role(session: Session, actor: Actor, code: str) -> dict[str, Any]:
    for role in queries.list_roles(session, actor):
        if role["code"] == code:
            return role
    raise NotFound("role", code)


@roles_router.get("/new")
def new_role(request: Request, actor: CurrentUser) -> Response:
    actor.require(Permission.USER_MANAGE)
    return _role_form(request, None, FieldErrors())


@roles_router.post("/new")
def create_role(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    form = request.state.form
    code, name, name_en = (forms.text(form, k) for k in ("code", "name", "name_en"))
    permissions = forms.column(form, "permissions")
    try:
        users.create_role(code, name, permissions, actor, uow, name_en=name_en)
    except DomainError as error:
        role = {"code": code, "name": name, "name_en": name_en, "permissions": permissions}
        return _role_form(request, role, FieldErrors(error, session.language(request)), 422)
    session.say(request, "%(key)s saved.", key=code)
    return RedirectResponse("/roles", status_code=303)


@roles_router.get("/{code}")
def edit_role(code: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    return _role_form(request, _role(db, actor, code), FieldErrors())


@roles_router.post("/{code}")
def update_role(
    code: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    permissions = forms.column(request.state.form, "permissions")
    try:
        users.update_role(code, permissions, actor, uow)
    except DomainError as error:
        role = {**_role(db, actor, code), "permissions": permissions}
        return _role_form(request, role, FieldErrors(error, session.language(request)), 422)
    session.say(request, "%(key)s saved.", key=code)
    return RedirectResponse("/roles", status_code=303)


ROUTERS = [record_router(USERS), roles_router]
