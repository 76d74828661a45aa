"""Fixtures for the web UI's route tests: a browser-like client that logs in through the form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.services import organisations, products, users, warehouses

PASSWORD = "Web-pass-1"
FORM = "application/x-www-form-urlencoded"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token" value="([^"]+)"')


class Browser:
    """A TestClient that keeps the session cookie and sends the page's CSRF token."""

    def __init__(self, client: TestClient):
        self.client = client
        self.csrf = ""

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        response = self.client.get(url, **kwargs)
        self._remember(response)
        return response

    def post(
        self, url: str, data: Any = None, *, csrf: bool = True, **kwargs: Any
    ) -> httpx.Response:
        if csrf and isinstance(data, dict):
            data = {"csrf_token": self.csrf, **data}
        if isinstance(data, list):  # repeated fields (grid rows): encode them in order
            pairs = [("csrf_token", self.csrf), *data] if csrf else data
            kwargs["content"] = urlencode(pairs)
            kwargs.setdefault("headers", {})["Content-Type"] = FORM
            data = None
        response = self.client.post(url, data=data, **kwargs)
        self._remember(response)
        return response

    def htmx(self, url: str) -> httpx.Response:
        return self.client.get(url, headers={"HX-Request": "true"})

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password})

    def _remember(self, response: httpx.Response) -> None:
        if response.headers.get("content-type", "").startswith("text/html"):
            match = _CSRF.search(response.text)
            if match:
                self.csrf = match.group(1) or match.group(2)


@pytest.fixture
def new_browser(app: FastAPI) -> Iterator[Callable[[], Browser]]:
    clients: list[TestClient] = []

    def make() -> Browser:
        client = TestClient(app)
        clients.append(client)
        return Browser(client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def make_user(system: System) -> Callable[..., None]:
    def make(username: str, *roles: str) -> None:
        data = users.UserData(username, username, PASSWORD, roles=roles)
        users.create_user(data, Actor.system(), system.uow())

    return make


@pytest.fixture
def browser(new_browser: Callable[[], Browser], make_user: Callable[..., None]) -> Browser:
    """Logged in as an administrator."""
    make_user("admin", "admin")
    b = new_browser()
    response = b.login("admin")
    assert response.status_code == 200, response.text
    return b


@pytest.fixture
def shop(system: System) -> None:
    """Warehouses CW and SW, product W1 矿泉水 (瓶, 箱 = 24 瓶, barcodes), as the system."""
    actor, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), actor, uow()
    )
    for code, name in (("CW", "中央仓"), ("SW", "门店仓")):
        warehouses.create_warehouse(warehouses.WarehouseData(code, name, "HQ"), actor, uow())
    products.create_product(
        products.ProductData(
            code="W1",
            name="矿泉水",
            base_unit="瓶",
            units=(UnitSpec("箱", "24", "16901234567899"),),
            barcodes=("6901234567892",),
        ),
        actor,
        uow(),
    )


def texts(html: str, element_id: str) -> str:
    """The text inside the element with ``element_id`` (tags stripped), for assertions."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no #{element_id} in the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()
