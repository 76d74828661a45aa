"""Schemathesis generates requests from the OpenAPI document: none may cause a 500.

Runs on SQLite and PostgreSQL (PostgreSQL enforces column lengths SQLite ignores, so it
finds different bugs). Examples per operation are bounded to keep the suite quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import auth, users
from openjxc.services.demo import load_demo_data


@pytest.fixture
def fuzz_app(system: System, app: FastAPI) -> FastAPI:
    load_demo_data(system.uow, Actor.system())
    return app


@pytest.fixture
def token(system: System) -> str:
    users.create_user(
        users.UserData("fuzzer", "fuzzer", "Fuzz-pass-1", roles=("admin",)),
        Actor.system(),
        system.uow(),
    )
    return auth.login("fuzzer", "Fuzz-pass-1", "127.0.0.1", system.uow(), system.settings).token


def test_no_request_causes_a_server_error(fuzz_app: FastAPI, token: str) -> None:
    """Every operation, fuzzed with schema-valid and schema-violating data."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, "the schema lost its operations"
    for operation in operations:

        @given(operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.body!r:.200}: {response.text[:300]}"
                )
            elif response.status_code >= 400 and "json" in str(
                response.headers.get("content-type")
            ):
                assert set(response.json()) == {"error"}, (
                    f"{case.method} {case.formatted_path}: {response.text[:300]}"
                )

        check()
    assert failures == []
