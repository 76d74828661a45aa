"""The worker as a thread of the server process (``jxc serve --with-worker``, ``run.py``):
started with the app, stopped — after its running job — when the server shuts down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from openjxc.bootstrap import System
from openjxc.entrypoints.jobs.worker import Worker


def attach_worker(app: FastAPI, system: System) -> None:
    """Run the worker for as long as ``app`` is served."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(served: Any) -> AsyncIterator[Any]:
        worker = Worker(system)
        await run_in_threadpool(worker.start)
        try:
            async with inner(served) as state:
                yield state
        finally:
            await run_in_threadpool(worker.stop)

    app.router.lifespan_context = lifespan
