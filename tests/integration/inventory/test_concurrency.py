"""Concurrent postings on PostgreSQL: no oversell, no lost update, no error for contention.

SQLite serialises writers with ``BEGIN IMMEDIATE``, so these tests are meaningful on
PostgreSQL only; on SQLite they are skipped explicitly.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import Counter
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput
from openjxc.services.inventory.posting import InsufficientStock
from tests.integration.inventory.conftest import DAY, Post, balance, doctor

THREADS = 8
START = {"MA": Decimal(60), "FIFO": Decimal(50), "KG": Decimal(40)}


def _postgres_only(system: System) -> None:
    if system.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite takes one writer at a time)")


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        assert not thread.is_alive(), "a worker hung"


def test_concurrent_issues_never_oversell_and_never_fail_for_contention(
    world: System, admin: Actor, post: Post, caplog: pytest.LogCaptureFixture
) -> None:
    _postgres_only(world)
    post("opening_stock", ("MA", "40", "2.00"), ("FIFO", "30", "2.00"), ("KG", "40", "1.50"))
    post("other_receipt", ("MA", "20", "3.50"), ("FIFO", "20", "3.00"))  # a second FIFO layer
    assert {code: balance(world, code)[0] for code in START} == START
    caplog.set_level(logging.INFO, logger="openjxc.services.retry")

    issued: list[Counter[str]] = [Counter() for _ in range(THREADS)]
    unexpected: list[BaseException] = []
    gate = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        rng = random.Random(n)
        exhausted: set[str] = set()
        gate.wait()
        try:
            while len(exhausted) < len(START):
                codes = [c for c in START if c not in exhausted]
                rng.shuffle(codes)  # lines in random order: the engine must sort its locks
                lines = {c: rng.randint(1, 3) for c in codes[: rng.randint(1, len(codes))]}
                doc = documents.create_document(
                    DocumentInput(
                        "other_issue",
                        DAY,
                        "W1",
                        [LineInput(c, str(q)) for c, q in lines.items()],
                    ),
                    admin,
                    world.uow(),
                )
                try:
                    approval.approve_document(doc.number, admin, world.uow())
                except InsufficientStock as error:
                    for detail in error.details:
                        if Decimal(detail["available"]) == 0:
                            exhausted.add(detail["product"])
                    documents_void(doc.number, admin, world)
                    continue
                issued[n].update({c: Decimal(q) for c, q in lines.items()})
        except BaseException as error:  # anything but a shortage is a failure of the engine
            unexpected.append(error)

    _run([threading.Thread(target=worker, args=(n,)) for n in range(THREADS)])

    assert unexpected == []
    total: Counter[str] = Counter()
    for counts in issued:
        total.update(counts)
    for code, start in START.items():
        on_hand, value = balance(world, code)
        assert on_hand >= 0
        assert on_hand == 0  # every worker went on until it saw nothing left
        assert value == 0
        assert total[code] == start - on_hand, code
    assert doctor(world) == []
    retried = [r.getMessage() for r in caplog.records if r.name == "openjxc.services.retry"]
    assert not [m for m in retried if "deadlock" in m], retried  # sorted lock order
    assert not [m for m in retried if "giving up" in m], retried


def documents_void(number: str, admin: Actor, system: System) -> None:
    """A refused issue is voided, as a clerk would (it never posted)."""
    approval.void_document(number, admin, system.uow())


def test_two_concurrent_approvals_post_a_document_once(
    world: System, admin: Actor, post: Post
) -> None:
    _postgres_only(world)
    post("opening_stock", ("MA", "10", "2.00"), ("FIFO", "10", "2.00"))
    for _ in range(5):
        number = post("other_issue", ("MA", "1"), ("FIFO", "1"), approve=False)
        outcomes: list[object] = []
        gate = threading.Barrier(2)

        def approve(ref: str, gate: threading.Barrier, outcomes: list[object]) -> None:
            gate.wait()
            try:
                approval.approve_document(ref, admin, world.uow())
                outcomes.append("approved")
            except DomainError as error:
                outcomes.append(error)

        _run([threading.Thread(target=approve, args=(number, gate, outcomes)) for _ in range(2)])
        assert outcomes.count("approved") == 1, outcomes
        refused = [o for o in outcomes if o != "approved"]
        assert isinstance(refused[0], ValidationError)
        assert refused[0].code == "invalid_transition"
    assert balance(world, "MA")[0] == Decimal(5)
    assert balance(world, "FIFO")[0] == Decimal(5)
    assert doctor(world) == []


def test_a_stocktake_snapshot_waits_for_postings_in_flight(
    world: System, admin: Actor, post: Post
) -> None:
    """A posting that has written moves but not committed must not fall between the snapshot's
    last move and its balances: the snapshot waits for it, then sees it in the books."""
    _postgres_only(world)
    from sqlalchemy import text

    from openjxc.services.inventory import stocktake

    post("opening_stock", ("MA", "10", "2.00"))
    done = threading.Event()
    created: list[str] = []

    def snapshot() -> None:
        created.append(stocktake.create_stocktake("W1", admin, world.uow(), date=DAY).number)
        done.set()

    with world.engine.connect() as writer:
        writer.execute(text("LOCK TABLE stock_move IN ROW EXCLUSIVE MODE"))  # a posting's lock
        thread = threading.Thread(target=snapshot)
        thread.start()
        assert not done.wait(2), "the snapshot did not wait for the posting in flight"
        writer.commit()
    _run_joined(thread)
    assert done.is_set()
    assert len(created) == 1


def _run_joined(thread: threading.Thread) -> None:
    thread.join(timeout=60)
    assert not thread.is_alive(), "the snapshot hung"
