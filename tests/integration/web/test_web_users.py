"""Users managed by someone who holds user.manage and nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import users
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def test_a_user_manager_without_other_rights_scopes_a_new_user(
    system: System, new_browser: Callable[[], Browser], make_user: Callable[..., None]
) -> None:
    users.create_role("hr", "人事", ["user.manage"], Actor.system(), system.uow())
    make_user("hr1", "hr")
    hr = new_browser()
    hr.login("hr1")
    form = hr.get("/users/new")
    assert form.status_code == 200, form.text  # no organisation.read or warehouse.read needed
    offered = dict(
        re.findall(r'name="warehouse_ids" value="(\d+)"[^>]*>\s*<span[^>]*>(\w+)', form.text)
    )
    assert sorted(offered.values()) == ["CW", "SW"]
    sw = next(k for k, v in offered.items() if v == "SW")
    form_data = [
        ("username", "li"),
        ("display_name", "李"),
        ("password", "Lager-2026"),
        ("roles", "warehouse"),
        ("warehouse_ids", sw),
        ("language", "zh-CN"),
    ]
    saved = hr.post("/users/new", form_data)
    assert saved.status_code == 200, saved.text
    assert re.search(r">\s*SW\s*<", hr.get("/users").text)


def test_the_users_list_names_roles_in_the_readers_language(
    system: System, browser: Browser, make_user: Callable[..., None]
) -> None:
    users.create_role("hr", "人事", ["user.manage"], Actor.system(), system.uow(), name_en="HR")
    make_user("zhang", "store_manager")
    make_user("wang", "hr")
    listing = browser.get("/users").text
    assert "店长" in listing
    assert "人事" in listing
    assert "store_manager" not in listing
