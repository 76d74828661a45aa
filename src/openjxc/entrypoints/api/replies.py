"""How each API call's reply is given again to a retry of its Idempotency-Key.

Every mutating route says it next to its code, with one of these decorators (a unit test
checks that none is left out); a route answering 204 needs none:

* :func:`resource` — the reply is the representation of a resource named by the call's
  path (``GET /documents/{ref}`` after an approval): a retry whose full reply was not kept
  reads it again;
* :func:`created` — the same, for the one object of a kind the work inserted (the document
  created, the red-letter document of a 红冲), named at the commit;
* :func:`built` — the reply is made from what the transaction holds, at the commit, and
  stored with the work (roles, which have no read route of their own);
* :func:`secret` — the reply carries a token or a password: never stored nor given again;
* :func:`not_rendered` — no way to give it again: if the server stops between the commit
  and keeping the reply, a retry hears ``idempotency_reply_unavailable``.

The declaration becomes the request's :data:`idempotency.Answer` before the work runs
(:func:`expect`); the unit of work writes its outcome in the work's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from openjxc.services import idempotency
from openjxc.services.unit_of_work import Completion

API_PREFIX = "/api/v1"

F = TypeVar("F", bound=Callable[..., Any])

_ATTRIBUTE = "__openjxc_reply__"


@dataclass(frozen=True)
class Recipe:
    """How a route's reply is given again; ``answer`` makes the request's Answer."""

    kind: str  # resource, created, built, secret, not_rendered
    path: str = ""
    new: type | None = None
    build: Callable[[idempotency.Written, Mapping[str, str]], BaseModel | None] | None = None

    def answer(self, status: int, params: Mapping[str, str]) -> idempotency.Answer | None:
        if self.kind == "resource":
            path = API_PREFIX + self.path.format(**params)
            return lambda _written: Completion(status, path=path)
        if self.kind == "created":
            return lambda written: Completion(status, path=self._created(written))
        if self.kind == "built":
            return lambda written: self._built(status, written, params)
        return None

    def _created(self, written: idempotency.Written) -> str | None:
        new = only(written.inserted, self.new)
        return None if new is None else API_PREFIX + self.path.format(new=new)

    def _built(
        self, status: int, written: idempotency.Written, params: Mapping[str, str]
    ) -> Completion:
        assert self.build is not None
        model = self.build(written, params)
        if model is None:
            return Completion(status)
        body = json.dumps(model.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
        return Completion(status, body=body.encode(), content_type="application/json")


def only(objects: Iterable[object], kind: type | None) -> Any:
    """The one object of ``kind`` among ``objects``, or None if there is none or several."""
    found = [o for o in objects if kind is not None and isinstance(o, kind)]
    return found[0] if len(found) == 1 else None


def _mark(recipe: Recipe) -> Callable[[F], F]:
    def mark(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, recipe)
        return endpoint

    return mark


def resource(path: str) -> Callable[[F], F]:
    """The reply is ``GET {path}`` (under /api/v1; ``{name}`` from the call's path)."""
    return _mark(Recipe("resource", path=path))


def created(kind: type, path: str) -> Callable[[F], F]:
    """The reply is ``GET {path}`` of the one ``kind`` the work inserted (``{new.code}``)."""
    return _mark(Recipe("created", path=path, new=kind))


def built(
    build: Callable[[idempotency.Written, Mapping[str, str]], BaseModel | None],
) -> Callable[[F], F]:
    """The reply is ``build(written, path parameters)``, made and stored at the commit."""
    return _mark(Recipe("built", build=build))


def secret(endpoint: F) -> F:
    """The reply carries a token or a password: never stored nor given again."""
    return _mark(Recipe("secret"))(endpoint)


def not_rendered(reason: str) -> Callable[[F], F]:
    """The reply cannot be given again from what was committed (``reason`` says why)."""
    return _mark(Recipe("not_rendered", path=reason))


def recipe_of(endpoint: Callable[..., Any]) -> Recipe | None:
    recipe: Recipe | None = getattr(endpoint, _ATTRIBUTE, None)
    return recipe


def expect(endpoint: Callable[..., Any], status: int, params: Mapping[str, str]) -> None:
    """Before a mutating call's work: tell its Idempotency-Key claim how to answer again."""
    if status == idempotency.NO_CONTENT:
        idempotency.expect(lambda _written: Completion(status))
        return
    recipe = recipe_of(endpoint)
    answer = None if recipe is None else recipe.answer(status, params)
    if answer is not None:
        idempotency.expect(answer)
