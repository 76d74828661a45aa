"""Every mutating API call says how its reply is given again to a retry of its
Idempotency-Key (entrypoints/api/replies.py), and each recipe names a read route that exists."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import MUTATING
from openjxc.entrypoints.api.routers import ROUTERS
from openjxc.services import idempotency
from openjxc.services.unit_of_work import Completion

ROUTES = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
MUTATIONS = [route for route in ROUTES if route.methods & MUTATING]
READS = {route.path for route in ROUTES if "GET" in route.methods}


def _name(route: APIRoute) -> str:
    return f"{sorted(route.methods)[0]} {route.path}"


@pytest.mark.parametrize("route", MUTATIONS, ids=_name)
def test_every_mutating_call_says_how_its_reply_is_given_again(route: APIRoute) -> None:
    if route.status_code == idempotency.NO_CONTENT:
        return  # no body: the status says everything
    recipe = replies.recipe_of(route.endpoint)
    assert recipe is not None, f"{_name(route)}: declare its reply (entrypoints/api/replies.py)"
    if recipe.kind in {"resource", "created"}:
        path = re.sub(r"\{[^}]*\}", "{ref}", recipe.path)
        reads = {re.sub(r"\{[^}]*\}", "{ref}", p) for p in READS}
        assert path in reads, f"{_name(route)}: no GET {recipe.path} to render its reply"
    if recipe.kind == "resource":
        names = set(re.findall(r"\{(\w+)\}", recipe.path))
        assert names <= set(route.param_convertors), f"{_name(route)}: {names}"


def test_a_resource_reply_is_the_path_under_the_api_with_the_call_s_parameters() -> None:
    recipe = replies.Recipe("resource", path="/documents/{ref}")
    answer = recipe.answer(200, {"ref": "CGRK20261010001"})
    assert answer is not None
    assert answer(idempotency.Written([], [])) == Completion(
        200, path="/api/v1/documents/CGRK20261010001"
    )


class Thing:
    def __init__(self, code: str) -> None:
        self.code = code


def test_a_created_reply_names_the_one_object_of_its_kind_the_work_inserted() -> None:
    answer = replies.Recipe("created", path="/things/{new.code}", new=Thing).answer(201, {})
    assert answer is not None
    inserted = [object(), Thing("T1")]
    assert answer(idempotency.Written(inserted, [])).path == "/api/v1/things/T1"
    # none, or several: nothing to name, so a retry after a crash hears reply_unavailable
    assert answer(idempotency.Written([], [])) == Completion(201)
    assert answer(idempotency.Written([Thing("T1"), Thing("T2")], [])) == Completion(201)


def test_secret_and_unrendered_replies_give_no_answer() -> None:
    assert replies.Recipe("secret").answer(201, {}) is None
    assert replies.Recipe("not_rendered", path="why").answer(201, {}) is None
