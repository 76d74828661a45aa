"""Master-data screens from a description: a list with search and a create/edit form.

A ``RecordScreen`` names its columns, its fields and the query and service functions to call;
``record_router`` makes the five routes (list, new, create, edit, save); ``filters`` put
selects beside the search. Products have their own screen (units and barcodes need a grid);
categories, warehouses, partners, organisations and users are described in a few lines each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import DomainError, NotFound
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.templating import render
from openjxc.queries.rows import fields_of
from openjxc.services.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from typing import TypeAlias

    from _typeshed import DataclassInstance

    #: a record as its query returns it: a typed row, or (queries not yet typed) a mapping
    Record: TypeAlias = DataclassInstance | Mapping[str, Any]

Options = Callable[[Session, Actor], Sequence[tuple[str, str]]]
PAGE = 50


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, number, password, textarea, select, checkbox, checks
    required: bool = False
    options: Options | None = None
    fixed_on_edit: bool = False  # shown read-only once saved (codes, usernames)
    only_on_create: bool = False
    help: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, bool, label (translated through ``labels``)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Filter:
    """A select beside the list's search. The value chosen (``default`` when the address names
    none or one not offered) goes to ``list_rows`` as the keyword argument ``name``."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]  # (value, label to translate); "" may mean "any"
    default: str = ""

    def chosen(self, value: str | None) -> str:
        return value if value in {v for v, _ in self.options} else self.default


@dataclass(frozen=True)
class Action:
    """A button on a saved record's form besides 保存 (e.g. 重置密码): ``run(key, actor, uow)``
    returns the message to show once."""

    name: str
    label: str
    run: Callable[[str, Actor, UnitOfWork], str]
    confirm: str = ""


@dataclass(frozen=True)
class RecordScreen:
    path: str
    title: str
    new_label: str
    read: Permission
    write: tuple[Permission, ...]  # any of them lets the user create and edit
    columns: tuple[Column, ...]
    fields: tuple[Field, ...]
    #: (session, actor, q, limit, offset, **the value chosen in each of ``filters``)
    list_rows: Callable[..., tuple[Sequence[Record], int]]
    get_row: Callable[[Session, Actor, str], Record]
    #: create(values, actor, uow) -> (key, message to flash or "")
    create: Callable[[dict[str, Any], Actor, UnitOfWork], tuple[str, str]]
    update: Callable[[str, dict[str, Any], Actor, UnitOfWork], str]
    key: str = "code"
    search_hint: str = ""
    actions: tuple[Action, ...] = ()
    filters: tuple[Filter, ...] = ()
    #: the kind of ``services.imports`` its 导入 button opens (none: no button)
    import_kind: str = ""

    def can_write(self, actor: Actor) -> bool:
        return any(actor.can(p) for p in self.write)


def by_name(record: Record) -> dict[str, Any]:
    """A record's fields by name: the form shows them by its fields' names."""
    return dict(record) if isinstance(record, Mapping) else fields_of(record)


def read_form(screen: RecordScreen, form: FormData, editing: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in screen.fields:
        if editing and (f.fixed_on_edit or f.only_on_create):
            continue
        if f.kind == "checkbox":
            values[f.name] = forms.checked(form, f.name)
        elif f.kind == "checks":
            values[f.name] = tuple(v for v in forms.column(form, f.name) if v)
        else:
            values[f.name] = forms.text(form, f.name)
    return values


def record_router(screen: RecordScreen) -> APIRouter:  # noqa: C901 - its routes count as one
    router = web_router(prefix=screen.path)

    def context(
        request: Request, actor: Actor, db: Session, values: dict[str, Any], key: str | None
    ) -> dict[str, Any]:
        options = {f.name: list(f.options(db, actor)) for f in screen.fields if f.options}
        return {
            "screen": screen,
            "values": values,
            "key": key,
            "options": options,
            "can_write": screen.can_write(actor),
        }

    @router.get("")
    def list_records(
        request: Request,
        actor: CurrentUser,
        db: ReadSession,
        q: Annotated[str | None, Query(max_length=100)] = None,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        chosen = {f.name: f.chosen(request.query_params.get(f.name)) for f in screen.filters}
        rows, count = screen.list_rows(db, actor, q, PAGE, offset, **chosen)
        values = {
            "screen": screen,
            "rows": rows,
            "count": count,
            "offset": offset,
            "limit": PAGE,
            "q": q or "",
            "chosen": chosen,
            "can_write": screen.can_write(actor),
        }
        return render(request, "records/list.html", values, block="results")

    @router.get("/new")
    def new_record(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
        if not screen.can_write(actor):
            actor.require(screen.write[0])
        values = {f.name: True for f in screen.fields if f.name == "active"}
        ctx = context(request, actor, db, values, None)
        return render(request, "records/form.html", {**ctx, "errors": FieldErrors()})

    @router.post("/new")
    def create_record(
        request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
    ) -> Response:
        values = read_form(screen, request.state.form, editing=False)
        try:
            key, message = screen.create(values, actor, uow)
        except DomainError as error:
            errors = FieldErrors(error, session.language(request))
            ctx = context(request, actor, db, values, None)
            return render(request, "records/form.html", {**ctx, "errors": errors}, status=422)
        session.say(request, "%(key)s saved.", key=key)
        if message:
            session.flash(request, message, "info")
        return RedirectResponse(f"{screen.path}/{key}", status_code=303)

    @router.get("/{key}")
    def edit_record(key: str, request: Request, actor: CurrentUser, db: ReadSession) -> Response:
        values = by_name(screen.get_row(db, actor, key))
        ctx = context(request, actor, db, values, str(values[screen.key]))
        return render(request, "records/form.html", {**ctx, "errors": FieldErrors()})

    @router.post("/{key}/{action}")
    def act(key: str, action: str, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
        chosen = next((a for a in screen.actions if a.name == action), None)
        if chosen is None:
            raise NotFound("page", action[:32])
        try:
            session.flash(request, chosen.run(key, actor, uow), "info")
        except DomainError as error:
            session.flash(request, FieldErrors(error, session.language(request)).summary, "error")
        return RedirectResponse(f"{screen.path}/{key}", status_code=303)

    @router.post("/{key}")
    def update_record(
        key: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
    ) -> Response:
        values = read_form(screen, request.state.form, editing=True)
        try:
            saved = screen.update(key, values, actor, uow)
        except DomainError as error:
            errors = FieldErrors(error, session.language(request))
            current = {**by_name(screen.get_row(db, actor, key)), **values}
            ctx = context(request, actor, db, current, key)
            return render(request, "records/form.html", {**ctx, "errors": errors}, status=422)
        session.say(request, "%(key)s saved.", key=saved)
        return RedirectResponse(f"{screen.path}/{saved}", status_code=303)

    return router
