"""A list's toolbar: one action on every ticked row, each succeeding or saying why not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import DomainError
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import Translator
from openjxc.services.unit_of_work import UnitOfWork

#: action -> (service call on one number, message when done with ``%(number)s``)
Actions = Mapping[str, tuple[Callable[[str, Actor, UnitOfWork], Any], str]]


def run_on_ticked(
    request: Request, actor: Actor, system: System, actions: Actions, homes: tuple[str, ...]
) -> Response:
    """Run the posted ``action`` on each ticked ``numbers`` (each in its own unit of work),
    flash what happened to each, and go back to the list (a path under one of ``homes``)."""
    form = request.state.form
    action = forms.text(form, "action")
    t = Translator(session.language(request))
    numbers = [n for n in forms.column(form, "numbers") if n]
    if action not in actions:
        session.flash(request, t("Choose an action."), "error")
    elif not numbers:
        session.flash(request, t("Tick the documents first."), "warning")
    for number in numbers if action in actions else []:
        call, done = actions[action]
        try:
            call(number, actor, system.uow())
            session.flash(request, t(done, number=number))
        except DomainError as error:
            errors = FieldErrors(error, t.lang)
            detail = " ".join([errors.summary, *errors.lines.values(), *errors.fields.values()])
            session.flash(request, f"{number}: {detail}", "error")
    back = forms.text(form, "back")
    return RedirectResponse(back if back.startswith(homes) else homes[0], 303)
