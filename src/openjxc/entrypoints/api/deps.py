"""Annotated dependencies shared by every router."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Iterator
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Unauthenticated, ValidationError
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.schemas import INT_MAX, has_controls
from openjxc.services import auth, idempotency
from openjxc.services.unit_of_work import UnitOfWork


class DecimalJSONRequest(Request):
    """JSON numbers become Decimal, never float: 0.1 stays 0.1."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_float=Decimal)
        return self._json


MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class DecimalRoute(APIRoute):
    """Every API route: JSON numbers as Decimal; path and query text without control chars;
    a mutating call tells its Idempotency-Key how its reply is given again (``replies``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            _check_parameters(request)
            if request.method in MUTATING:
                replies.expect(self.endpoint, self.status_code or 200, request.path_params)
            return await handler(DecimalJSONRequest(request.scope, request.receive))

        return route_handler


def _check_parameters(request: Request) -> None:
    """Refuse NUL and other controls in the path and query, as bodies do (PostgreSQL would fail
    on them where SQLite would quietly find nothing)."""
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if isinstance(value, str) and has_controls(value):
            raise ValidationError("invalid_characters", field=name)


#: an integer id in the path: no larger than the INTEGER column it is looked up in
IdPath = Annotated[int, Path(ge=1, le=INT_MAX)]


def get_system(request: Request) -> System:
    system: System = request.app.state.system
    return system


SystemDep = Annotated[System, Depends(get_system)]


def client_address(request: Request) -> str:
    """The client's IP address, which the login throttle counts failures by (behind a reverse
    proxy, the proxy's unless uvicorn trusts its forwarded headers: docs/security.md)."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]


def get_uow(system: SystemDep) -> UnitOfWork:
    return system.uow()


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


def get_read_session(system: SystemDep) -> Iterator[Session]:
    with system.read_sessions() as session:
        yield session


ReadSession = Annotated[Session, Depends(get_read_session)]

_bearer = HTTPBearer(auto_error=False, description="`POST /api/v1/auth/token` or an API token")


def current_actor(
    system: SystemDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None:
        raise Unauthenticated("unauthenticated")
    actor = auth.authenticate(credentials.credentials, system.reader())
    idempotency.identify(actor.user_id)
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


class Page:
    """``limit``/``offset`` for list endpoints."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ):
        self.limit = limit
        self.offset = offset


PageDep = Annotated[Page, Depends()]


def new_router(**kwargs: Any) -> APIRouter:
    """A router whose routes read JSON numbers as Decimal."""
    return APIRouter(route_class=DecimalRoute, **kwargs)
