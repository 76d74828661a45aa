"""The Idempotency-Key claim and its unit of work (services/idempotency.py), on an
in-memory store: what is written with the work, and what a retry hears."""

from __future__ import annotations

from datetime import datetime

import pytest

from openjxc.domain.shared.errors import Conflict
from openjxc.services import idempotency
from openjxc.services.unit_of_work import Completion, StoredKey


class Store:
    def __init__(self) -> None:
        self.keys: dict[str, StoredKey] = {}
        self.claims = 0

    def find(self, key: str) -> StoredKey | None:
        return self.keys.get(key)

    def forget(self, key: str) -> None:
        self.keys.pop(key, None)

    def claim(
        self,
        key: str,
        fingerprint: str,
        at: datetime,
        withheld: bool,
        completion: Completion | None = None,
    ) -> None:
        self.claims += 1
        c = completion or Completion(0)
        self.keys[key] = StoredKey(
            fingerprint,
            at,
            withheld,
            completion.status_code if completion else None,
            c.body,
            c.content_type,
            c.path,
        )

    def store_reply(self, key: str, status_code: int, body: bytes, content_type: str) -> None:
        raise NotImplementedError

    def purge(self, before: datetime) -> None:
        raise NotImplementedError


def _claim() -> idempotency.Claim:
    return idempotency.Claim("k", "POST", "/api/v1/things", b"{}", caller="1")


def _commit(store: Store, answer: idempotency.Answer | None) -> idempotency.Claim:
    claim = _claim()
    token = idempotency.start(claim)
    try:
        if answer is not None:
            idempotency.expect(answer)
        idempotency.on_begin(store)
        written = idempotency.on_commit(store, lambda: idempotency.Written([], []))
        assert written is claim
        claim.committed = True
        # a second commit under the same key writes nothing more
        assert idempotency.on_commit(store, lambda: idempotency.Written([], [])) is None
    finally:
        idempotency.stop(token)
    return claim


def _retry(store: Store) -> idempotency.Claim:
    claim = _claim()
    token = idempotency.start(claim)
    try:
        with pytest.raises(idempotency.Replayed):
            idempotency.on_begin(store)
    finally:
        idempotency.stop(token)
    return claim


def test_the_answer_is_written_with_the_key_once() -> None:
    store = Store()
    _commit(store, lambda _w: Completion(201, path="/api/v1/things/T1"))
    assert store.claims == 1
    retry = _retry(store)
    assert retry.rerender == idempotency.Rerender(201, "/api/v1/things/T1")
    assert retry.replay is None


def test_a_reply_known_at_the_commit_is_replayed_as_it_was() -> None:
    store = Store()
    _commit(store, lambda _w: Completion(201, body=b'{"a":1}', content_type="application/json"))
    assert _retry(store).replay == idempotency.Reply(201, b'{"a":1}', "application/json")


def test_a_call_without_a_body_is_replayed_as_204() -> None:
    store = Store()
    _commit(store, lambda _w: Completion(204))
    assert _retry(store).replay == idempotency.Reply(204, b"", "")


@pytest.mark.parametrize("answer", [None, lambda _w: Completion(201)])
def test_a_call_whose_reply_cannot_be_rendered_again_is_answered_unavailable(
    answer: idempotency.Answer | None,
) -> None:
    store = Store()
    _commit(store, answer)
    claim = _claim()
    token = idempotency.start(claim)
    try:
        with pytest.raises(Conflict) as refused:
            idempotency.on_begin(store)
    finally:
        idempotency.stop(token)
    assert refused.value.code == "idempotency_reply_unavailable"


def test_a_commit_made_unclaimed_leaves_the_key_free() -> None:
    store = Store()
    claim = _claim()
    token = idempotency.start(claim)
    try:
        idempotency.on_begin(store)
        with idempotency.unclaimed():
            assert idempotency.on_commit(store, lambda: idempotency.Written([], [])) is None
        assert idempotency.expects_answer() is False
    finally:
        idempotency.stop(token)
    assert store.keys == {}
