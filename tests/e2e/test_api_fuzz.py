"""Schemathesis generates requests from the OpenAPI document: none may cause a 500.

Runs on SQLite and PostgreSQL (PostgreSQL enforces column lengths SQLite ignores, so it
finds different bugs). Examples per operation are bounded to keep the suite quick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


#: one value an example puts into the request (issue #16 §7): an integer past BIGINT and
#: SQLite's INTEGER (so past PostgreSQL's INTEGER too), one past any 64 bits, an amount past
#: the bounds, a text past every column; each operation is called with each in turn
HUGE: list[int | str] = [2**63, 10**30, "99999999999.99", "码" * 300]
#: an Idempotency-Key longer than the 255 characters a key column holds
LONG_KEY = "k" * 300


def _enlarged(value: Any, huge: int | str) -> st.SearchStrategy[Any]:
    """``value`` with some of its numbers and texts, however nested, replaced by ``huge``
    (an integer only where a number was, text where text was: to get past type checks)."""
    if isinstance(value, bool) or value is None:
        return st.just(value)
    if isinstance(value, int | float) and isinstance(huge, int):
        return st.sampled_from([huge, -huge, value])
    if isinstance(value, str):
        return st.sampled_from([str(huge), value])
    if isinstance(value, list):
        return st.tuples(*(_enlarged(item, huge) for item in value)).map(list)
    if isinstance(value, dict):
        return st.fixed_dictionaries({k: _enlarged(item, huge) for k, item in value.items()})
    return st.just(value)  # a file upload's bytes


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


def _huge_calls(operation: Any, token: str, failures: list[str]) -> Callable[[], None]:
    """The Hypothesis test of one operation: each HUGE value in turn (see below)."""
    calls = iter(range(10**6))

    @given(operation.as_strategy(), st.data())
    @settings(
        max_examples=len(HUGE),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: schemathesis.Case, data: st.DataObject) -> None:
        call = next(calls)
        huge = HUGE[call % len(HUGE)]
        case.path_parameters = {k: str(huge) for k in case.path_parameters or {}}
        if case.query:
            case.query = data.draw(_enlarged(case.query, huge))
        if isinstance(case.body, dict | list):
            case.body = data.draw(_enlarged(case.body, huge))
        headers = {"Authorization": f"Bearer {token}"}
        if call % 2:
            headers["Idempotency-Key"] = LONG_KEY
        where = f"{case.method} {case.formatted_path} {case.query!r:.100} {case.body!r:.200}"
        try:
            response = case.call(headers=headers)
        except Exception as error:  # the app's own exception, raised through the test client
            failures.append(f"{where}: {error!r:.300}")
            return
        if response.status_code >= 500:
            failures.append(f"{where}: {response.text[:300]}")

    return check  # type: ignore[no-any-return]


def test_no_huge_number_or_long_string_causes_a_server_error(fuzz_app: FastAPI, token: str) -> None:
    """Every operation, with each HUGE value in its path and in some of its query and body
    fields, and a too-long Idempotency-Key on every other call: no 5xx on either database."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        _huge_calls(result.ok(), token, failures)()
    assert failures == []
