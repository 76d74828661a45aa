"""`jxc bench reads`: how long reads take while a long backdated posting holds the database.

The stream of ``jxc bench backdate`` (an opening stock, then ``--later`` moves written in
bulk); a receipt dated before all of them is approved in another thread, which re-costs the
whole tail inside its transaction. While it runs, in-process requests (no network) through
the whole application as a logged-in user: an API read (``GET /api/v1/stock/balances``) and
a page (``GET /stock/balances``), then ``GET /healthz`` while a ``POST`` carrying an
``Idempotency-Key`` waits for the posting. The same requests idle are the baseline. Each
request's token is marked unused first, so authenticating wants to note its use.

Runs on this code only; ``python src/openjxc/entrypoints/cli/bench_reads.py`` with another
checkout on ``PYTHONPATH`` measures that checkout (how the figures of earlier code were taken).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Annotated

import httpx
import typer
from sqlalchemy import text

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.api.app import create_app
from openjxc.entrypoints.cli.bench import Url, _long_stream, scratch
from openjxc.services import users
from openjxc.services.inventory import approval, documents

PASSWORD = "Bench-pass-1"


def bench_reads(
    database_url: Url = None,
    later: Annotated[int, typer.Option(help="moves after the backdated receipt")] = 100_000,
) -> None:
    """Reads while a backdated posting re-costs ``later`` moves, next to the same reads idle."""
    # imported here: every other command of the CLI would pay for (and warn about) it
    from fastapi.testclient import TestClient

    with scratch(database_url) as system:
        _long_stream(system, later)
        users.create_user(
            users.UserData("bench", "bench", PASSWORD, roles=("admin",)),
            Actor.system(),
            system.uow(),
        )
        with TestClient(create_app(system)) as api, TestClient(create_app(system)) as web:
            token = api.post(
                "/api/v1/auth/token", json={"username": "bench", "password": PASSWORD}
            ).json()["access_token"]
            api.headers["Authorization"] = f"Bearer {token}"
            page = web.get("/login").text
            csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            form = {"csrf_token": csrf, "username": "bench", "password": PASSWORD}
            web.post("/login", data=form)
            reads: dict[str, Callable[[], httpx.Response]] = {
                "GET /api/v1/stock/balances": lambda: api.get("/api/v1/stock/balances"),
                "GET /stock/balances (page)": lambda: web.get("/stock/balances"),
            }
            typer.echo(f"database: {system.engine.dialect.name}   stream: {later} later moves")
            typer.echo(f"{'request':42s} {'idle':>9s} {'during the posting':>19s}")
            day = 1
            for name, read in reads.items():
                idle = _idle(system, read)
                posting, during = _during_posting(system, day, read)
                day += 1
                typer.echo(f"{name:42s} {idle:7.1f}ms {during:16.1f}ms   (posting {posting:.2f} s)")
            health = lambda: api.get("/healthz")  # noqa: E731
            idle = _idle(system, health)
            waiting: list[httpx.Response] = []
            post = threading.Thread(
                target=lambda: waiting.append(
                    api.post(
                        "/api/v1/organisations",
                        json={"code": "S01", "name": "一店"},
                        headers={"Idempotency-Key": "bench-reads"},
                    )
                )
            )
            posting, during = _during_posting(system, day, health, post)
            name = "GET /healthz (a keyed POST waits meanwhile)"
            typer.echo(f"{name:42s} {idle:7.1f}ms {during:16.1f}ms   (posting {posting:.2f} s)")


def _forget_token_use(system: System) -> None:
    with system.engine.begin() as connection:
        connection.execute(text("UPDATE api_token SET last_used_at = NULL"))


def _idle(system: System, read: Callable[[], httpx.Response]) -> float:
    times = []
    for _ in range(5):
        _forget_token_use(system)
        start = time.perf_counter()
        response = read()
        times.append(time.perf_counter() - start)
        _check(response)
    return statistics.median(times) * 1000


def _during_posting(
    system: System,
    day: int,
    read: Callable[[], httpx.Response],
    meanwhile: threading.Thread | None = None,
) -> tuple[float, float]:
    """(seconds the posting took, milliseconds the read took while it ran)."""
    _forget_token_use(system)
    actor = Actor.system()
    doc = documents.create_document(
        documents.DocumentInput(
            "other_receipt", date(2026, 1, day), "W1", [documents.LineInput("BD", "10", "个", "3")]
        ),
        actor,
        system.uow(),
    )
    holding = threading.Event()
    took: list[float] = []

    def post() -> None:
        start = time.perf_counter()
        uow = system.uow()
        holding.set()  # the unit of work takes the write lock (SQLite) as it opens
        approval.approve_document(doc.number, actor, uow)
        took.append(time.perf_counter() - start)

    worker = threading.Thread(target=post)
    worker.start()
    holding.wait()
    time.sleep(0.2)  # into the re-costing
    if meanwhile is not None:
        meanwhile.start()
        time.sleep(0.05)
    start = time.perf_counter()
    response = read()
    elapsed = (time.perf_counter() - start) * 1000
    worker.join()
    if meanwhile is not None:
        meanwhile.join()
    _check(response)
    return took[0], elapsed


def _check(response: httpx.Response) -> None:
    if response.status_code != 200:
        typer.echo(f"HTTP {response.status_code}: {response.text[:200]}", err=True)
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(bench_reads)
