"""Category rules (services/categories.py) on the in-memory unit of work."""

from __future__ import annotations

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.services.categories import (
    CategoryData,
    category_path,
    create_category,
    delete_category,
    update_category,
)
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor.system()


def _tree(uow: FakeUnitOfWork) -> None:
    create_category(CategoryData("FOOD", "食品"), ADMIN, uow)
    create_category(CategoryData("DAIRY", "乳品", parent="FOOD"), ADMIN, uow)
    create_category(CategoryData("MILK", "牛奶", parent="DAIRY"), ADMIN, uow)


def test_a_category_knows_its_path_from_the_root() -> None:
    uow = FakeUnitOfWork()
    _tree(uow)
    assert category_path(uow.categories.by_code("MILK"), uow) == ["FOOD", "DAIRY", "MILK"]


def test_a_category_code_already_taken_is_refused() -> None:
    uow = FakeUnitOfWork()
    _tree(uow)
    uow.committed = False
    with pytest.raises(Conflict, match="duplicate"):
        create_category(CategoryData("DAIRY", "奶制品"), ADMIN, uow)
    assert not uow.committed


def test_a_category_cannot_move_under_its_own_descendant() -> None:
    uow = FakeUnitOfWork()
    _tree(uow)
    uow.committed = False
    with pytest.raises(ValidationError) as refused:
        update_category("FOOD", {"parent": "MILK"}, ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == ("cyclic_parent", "parent")
    assert not uow.committed


def test_a_category_cannot_be_its_own_parent() -> None:
    uow = FakeUnitOfWork()
    _tree(uow)
    with pytest.raises(ValidationError, match="cyclic_parent"):
        update_category("DAIRY", {"parent": "DAIRY"}, ADMIN, uow)


def test_an_unknown_parent_is_refused_as_an_unknown_reference() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ValidationError) as refused:
        create_category(CategoryData("DAIRY", "乳品", parent="NOPE"), ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == ("unknown_reference", "parent")
    assert uow.categories.by_code("DAIRY") is None


def test_a_category_in_use_is_not_deleted() -> None:
    uow = FakeUnitOfWork()
    _tree(uow)
    dairy = uow.categories.by_code("DAIRY")
    assert dairy is not None
    uow.fake_references.used.add(("category", dairy.id or 0))
    with pytest.raises(Conflict, match="in_use"):
        delete_category("DAIRY", ADMIN, uow)
    assert uow.categories.by_code("DAIRY") is dairy
