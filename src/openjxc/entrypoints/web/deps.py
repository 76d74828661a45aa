"""Dependencies of the web routes: the logged-in actor and database access."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Unauthenticated
from openjxc.entrypoints.api.deps import ReadSession, SystemDep, UowDep
from openjxc.entrypoints.web import session
from openjxc.entrypoints.web.route import WebRoute
from openjxc.services import auth, idempotency

__all__ = ["CurrentUser", "ReadSession", "SystemDep", "UowDep", "web_router"]


def current_user(request: Request, system: SystemDep) -> Actor:
    """The actor behind the session's login token; Unauthenticated sends them to log in."""
    token = session.token(request)
    if token is None:
        raise Unauthenticated("unauthenticated")
    actor = auth.authenticate(token, system.reader(), web_session=True)
    idempotency.identify(actor.user_id)
    request.state.actor = actor
    return actor


CurrentUser = Annotated[Actor, Depends(current_user)]


def web_router(**kwargs: object) -> APIRouter:
    """A router of HTML pages: not in the OpenAPI schema, with WebRoute's guards."""
    return APIRouter(route_class=WebRoute, include_in_schema=False, **kwargs)  # type: ignore[arg-type]
