"""Product categories (商品分类): a tree of 大类 and 子类."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from openjxc.domain.catalog.category import Category
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create, Patch
from openjxc.queries import categories as queries
from openjxc.services import categories as service

router = new_router(prefix="/categories", tags=["categories"])


class CategoryCreate(Create):
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    parent: str | None = Field(default=None, description="code or id of the parent", max_length=32)
    active: bool = True


class CategoryUpdate(Patch):
    nullable = frozenset({"parent"})
    name: str | None = Field(default=None, max_length=100)
    parent: str | None = Field(default=None, max_length=32)
    active: bool | None = None


class CategoryRead(BaseModel):
    id: int
    code: str
    name: str
    parent: str | None
    active: bool
    created_at: datetime
    updated_at: datetime


class CategoryList(BaseModel):
    data: list[CategoryRead]
    count: int


@router.get("", response_model=CategoryList)
def list_categories(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    active: bool | None = None,
    parent: Annotated[str | None, Query(max_length=32, description="direct children of")] = None,
) -> CategoryList:
    """Categories by code, so the tree reads in order."""
    rows, count = queries.list_categories(
        session, actor, q=q, active=active, parent=parent, limit=page.limit, offset=page.offset
    )
    return CategoryList(data=[CategoryRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=CategoryRead, status_code=201)
@replies.created(Category, "/categories/{new.code}")
def create_category(
    body: CategoryCreate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> CategoryRead:
    """Add a category at the top or under a parent."""
    category = service.create_category(service.CategoryData(**body.model_dump()), actor, uow)
    return CategoryRead.model_validate(queries.get_category(session, actor, category.code))


@router.get("/{ref}", response_model=CategoryRead)
def get_category(ref: str, session: ReadSession, actor: CurrentActor) -> CategoryRead:
    """One category by code or id."""
    return CategoryRead.model_validate(queries.get_category(session, actor, ref))


@router.patch("/{ref}", response_model=CategoryRead)
@replies.resource("/categories/{ref}")
def update_category(
    ref: str, body: CategoryUpdate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> CategoryRead:
    """Rename, move or (de)activate; the code stays."""
    category = service.update_category(ref, body.model_dump(exclude_unset=True), actor, uow)
    return CategoryRead.model_validate(queries.get_category(session, actor, category.code))


@router.delete("/{ref}", status_code=204)
def delete_category(ref: str, uow: UowDep, actor: CurrentActor) -> None:
    """Delete an unused category; one with products or subcategories gets 409 in_use."""
    service.delete_category(ref, actor, uow)
