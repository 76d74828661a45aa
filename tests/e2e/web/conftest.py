"""Browser tests: Playwright drives Debian's Chromium against a live uvicorn server.

The server runs in a thread on a free port over the ``system`` fixture's fresh database
(SQLite and PostgreSQL). Chromium is never downloaded: it must be at /usr/bin/chromium
(``.ci/run`` installs it). Without it the tests are skipped locally and FAIL under CI.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import users

CHROMIUM = Path(os.environ.get("JXC_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "Browser-pass-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
    )
    yield browser
    browser.close()


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app on a live uvicorn server; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not live.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def make_user(system: System) -> Callable[..., None]:
    def make(username: str, *roles: str) -> None:
        data = users.UserData(username, username, PASSWORD, roles=roles)
        users.create_user(data, Actor.system(), system.uow())

    return make


@pytest.fixture
def open_page(chromium: Browser, server: str) -> Iterator[Callable[..., Page]]:
    """A new browser context (its own cookies) per person, at desktop or phone width."""
    contexts = []

    def make(width: int = 1280, height: int = 800) -> Page:
        context = chromium.new_context(
            base_url=server, viewport={"width": width, "height": height}, locale="zh-CN"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("#user-menu")
