"""Fixtures for the master-data API tests: a small bakery and users with narrower roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import users
from tests.conftest import login

ROLE_PASSWORD = "Role-pass-1"


@pytest.fixture
def headers_for(client: TestClient, system: System) -> Callable[..., dict[str, str]]:
    """Log in a new user with one role (and an optional data scope); returns the headers."""

    def make(role: str, username: str | None = None, **scope: Any) -> dict[str, str]:
        name = username or f"{role}_user"
        data = users.UserData(name, name, ROLE_PASSWORD, roles=(role,), **scope)
        users.create_user(data, Actor.system(), system.uow())
        return login(client, name, ROLE_PASSWORD)

    return make


@pytest.fixture
def bakery(client: TestClient) -> None:
    """总部 HQ with store S01, warehouse CW, and categories 01 原料 > 0101 乳制品, 0102 粉类."""
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/organisations", {"code": "HQ", "name": "总部", "kind": "headquarters"}),
        ("/api/v1/organisations", {"code": "S01", "name": "徐汇店", "parent": "HQ"}),
        ("/api/v1/warehouses", {"code": "CW", "name": "中央仓", "organisation": "HQ"}),
        ("/api/v1/categories", {"code": "01", "name": "原料"}),
        ("/api/v1/categories", {"code": "0101", "name": "乳制品", "parent": "01"}),
        ("/api/v1/categories", {"code": "0102", "name": "粉类", "parent": "01"}),
    ]
    for path, body in requests:
        response = client.post(path, json=body)
        assert response.status_code == 201, response.text
