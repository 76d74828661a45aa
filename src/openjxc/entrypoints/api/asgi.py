"""ASGI factory: ``uvicorn --factory openjxc.entrypoints.api.asgi:create``."""

import os

from fastapi import FastAPI

from openjxc.bootstrap import bootstrap
from openjxc.config import load_settings
from openjxc.entrypoints.api.app import create_app
from openjxc.entrypoints.jobs.in_server import attach_worker
from openjxc.entrypoints.jobs.worker import WORKER_IN_SERVER


def create() -> FastAPI:
    system = bootstrap(load_settings())
    app = create_app(system)
    if os.environ.get(WORKER_IN_SERVER) == "1":
        attach_worker(app, system)
    return app
