"""ASGI factory: ``uvicorn --factory openjxc.entrypoints.api.asgi:create``."""

from fastapi import FastAPI

from openjxc.bootstrap import bootstrap
from openjxc.config import load_settings
from openjxc.entrypoints.api.app import create_app


def create() -> FastAPI:
    return create_app(bootstrap(load_settings()))
