"""Organisations: head office (总部) and stores (门店)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.catalog.organisation import Organisation
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create, Patch
from openjxc.queries import organisations as queries
from openjxc.services import organisations as service

router = new_router(prefix="/organisations", tags=["organisations"])

Kind = Literal["headquarters", "store"]


class OrganisationCreate(Create):
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    kind: Kind = "store"
    parent: str | None = Field(default=None, description="code or id of the parent", max_length=32)
    address: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    active: bool = True


class OrganisationUpdate(Patch):
    nullable = frozenset({"parent"})
    name: str | None = Field(default=None, max_length=100)
    kind: Kind | None = None
    parent: str | None = Field(default=None, max_length=32)
    address: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    active: bool | None = None


class OrganisationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    id: int
    code: str
    name: str
    kind: Kind
    parent: str | None
    address: str
    phone: str
    active: bool
    created_at: datetime
    updated_at: datetime


class OrganisationList(BaseModel):
    data: list[OrganisationRead]
    count: int


@router.get("", response_model=OrganisationList)
def list_organisations(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    active: bool | None = None,
) -> OrganisationList:
    """Organisations the caller may see, by code."""
    rows, count = queries.list_organisations(session, actor, q, active, page.limit, page.offset)
    return OrganisationList(data=[OrganisationRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=OrganisationRead, status_code=201)
@replies.created(Organisation, "/organisations/{new.code}")
def create_organisation(
    body: OrganisationCreate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> OrganisationRead:
    """Add the head office or a store."""
    org = service.create_organisation(service.OrganisationData(**body.model_dump()), actor, uow)
    return OrganisationRead.model_validate(queries.get_organisation(session, actor, org.code))


@router.get("/{ref}", response_model=OrganisationRead)
def get_organisation(ref: str, session: ReadSession, actor: CurrentActor) -> OrganisationRead:
    """One organisation by code or id."""
    return OrganisationRead.model_validate(queries.get_organisation(session, actor, ref))


@router.patch("/{ref}", response_model=OrganisationRead)
@replies.resource("/organisations/{ref}")
def update_organisation(
    ref: str, body: OrganisationUpdate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> OrganisationRead:
    """Change the fields given; the code stays."""
    org = service.update_organisation(ref, body.model_dump(exclude_unset=True), actor, uow)
    return OrganisationRead.model_validate(queries.get_organisation(session, actor, org.code))
