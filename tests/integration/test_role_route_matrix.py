"""Every GET route of the API and the web pages, with every built-in role: never a 5xx.

One database per engine is set up once for the module (the demo bakery, one user per
built-in role), then every role walks every route: answers may be 200, 403, 404 or 422 —
figures a role may not see are left out, never a crash (issue #16 §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from openjxc.adapters.db import migrate
from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.domain.shared import clock
from openjxc.entrypoints.api.app import create_app
from openjxc.queries.reports import REPORTS
from openjxc.services import users
from openjxc.services.demo import load_demo_data
from openjxc.services.inventory.stocktake import create_stocktake
from tests.conftest import own_postgres_database
from tests.integration.web.conftest import Browser

PASSWORD = "Matrix-pass-1"
ROLES = sorted(BUILTIN_ROLES)


@dataclass
class World:
    system: System
    values: dict[str, str]


def _database(engine_name: str, tmp: Path) -> Iterator[str]:
    if engine_name == "sqlite":
        url = f"sqlite:///{tmp / 'matrix.db'}"
        engine = create_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
        return
    with own_postgres_database("jxc_matrix") as url:
        engine = create_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


def _first(system: System, column: Any, *where: Any) -> str:
    with system.read_sessions() as session:
        value = session.scalar(select(column).where(*where).order_by(column).limit(1))
    return str(value) if value is not None else "NONE"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    databases = _database(request.param, tmp_path_factory.mktemp("matrix"))
    url = next(databases)
    system = bootstrap(Settings(database_url=url, secret_key="matrix-secret"))
    users.ensure_builtin_roles(system.uow())
    load_demo_data(system.uow, Actor.system())
    create_stocktake("CW", Actor.system(), system.uow(), date=clock.today())
    for role in ROLES:
        users.create_user(
            users.UserData(f"u_{role}", role, PASSWORD, roles=(role,)), Actor.system(), system.uow()
        )
    d, p = inventory.document, trading.payment
    values = {
        "document": _first(system, d.c.number, d.c.type == "sales_delivery"),
        "stocktake": _first(system, d.c.number, d.c.type == "stocktake"),
        "payment": _first(system, p.c.number),
        "product": _first(system, catalog.product.c.code),
        "barcode": _first(system, catalog.product_barcode.c.barcode),
        "category": _first(system, catalog.category.c.code),
        "warehouse": _first(system, catalog.warehouse.c.code),
        "partner": _first(system, catalog.partner.c.code),
        "organisation": "S01",
        "import_kind": "products",
    }
    yield World(system, values)
    system.close()
    next(databases, None)


def _routes(app: Any) -> Iterator[str]:
    """The paths of every GET route (routers included into the app are walked into)."""
    for route in app.routes:
        nested = getattr(route, "effective_route_contexts", None)
        for leaf in nested() if nested else [route]:
            if "GET" in (getattr(leaf, "methods", None) or ()):
                yield leaf.path


#: a path parameter, by the resource the path names, filled with a record of the demo data
_BY_RESOURCE = (
    ("/imports/templates/", "import_kind"),
    ("/imports/new/", "import_kind"),
    ("/stocktakes/", "stocktake"),
    ("/mobile/count/", "stocktake"),
    ("/payments/", "payment"),
    ("/documents/", "document"),
    ("/mobile/", "document"),
    ("/print/", "document"),
    ("/products/by-barcode/", "barcode"),
    ("/products/", "product"),
    ("/categories/", "category"),
    ("/warehouses/", "warehouse"),
    ("/partners/", "partner"),
    ("/organisations/", "organisation"),
)


def urls(app: Any, values: dict[str, str]) -> list[str]:
    """Every GET route as concrete URLs: each report by name, each trade section."""
    found: set[str] = set()
    for path in _routes(app):
        if path.startswith(("/static", "/docs", "/openapi")) or path == "/logout":
            continue
        if "{name}" in path:
            found.update(path.replace("{name}", name) for name in REPORTS)
            continue
        if "{section}" in path:
            found.update(path.replace("{section}", s) for s in ("purchase", "sales"))
            continue
        if path.startswith(("/api/v1/users/", "/users/")):
            path = re.sub(r"{\w+}", "u_admin", path)
        elif path.startswith(("/roles/", "/api/v1/roles/")):
            path = re.sub(r"{\w+}", "admin", path)
        for marker, resource in _BY_RESOURCE:
            if marker in path:
                path = re.sub(r"{\w+}", values[resource], path)
                break
        found.add(path)
    return sorted(found)


def _failures(responses: Iterator[tuple[str, Any]]) -> list[str]:
    return [
        f"{url}: {response.status_code} {response.text[:200]}"
        for url, response in responses
        if response.status_code >= 500
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_api_route_answers_5xx_for_a_built_in_role(world: World, role: str) -> None:
    with TestClient(create_app(world.system), raise_server_exceptions=False) as client:
        token = client.post(
            "/api/v1/auth/token", json={"username": f"u_{role}", "password": PASSWORD}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        api = [u for u in urls(client.app, world.values) if u.startswith("/api/")]
        assert len(api) > 60  # the walk found the routers, not just the app's own routes
        assert _failures((url, client.get(url)) for url in api) == []


@pytest.mark.parametrize("role", ROLES)
def test_no_web_page_answers_5xx_for_a_built_in_role(world: World, role: str) -> None:
    with TestClient(create_app(world.system), raise_server_exceptions=False) as client:
        browser = Browser(client)
        assert browser.login(f"u_{role}", PASSWORD).status_code == 200
        pages = [u for u in urls(client.app, world.values) if not u.startswith("/api/")]
        assert len(pages) > 60
        assert _failures((url, client.get(url)) for url in pages) == []
