"""Partners (往来单位): customers, suppliers, or both."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.catalog.partner import Partner, PartnerKind
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create, Patch
from openjxc.queries import partners as queries
from openjxc.services import partners as service

router = new_router(prefix="/partners", tags=["partners"])

Kind = Literal["customer", "supplier", "both"]


class ContactWrite(Create):
    name: str = Field(max_length=50)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=100)
    position: str = Field(default="", max_length=50, description="职务")


class PartnerCreate(Create):
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    kind: Kind
    contacts: list[ContactWrite] = Field(default_factory=list, max_length=50)
    address: str = Field(default="", max_length=200)
    tax_number: str = Field(default="", max_length=30, description="统一社会信用代码")
    tax_rate: DecimalIn | None = Field(default=None, description="the partner's usual VAT rate")
    payment_terms_days: int = 0
    credit_limit: DecimalIn | None = Field(default=None, description="null: no limit")
    price_level: int | None = Field(default=None, description="1–10")
    strategic: bool = False
    active: bool = True


class PartnerUpdate(Patch):
    nullable = frozenset({"tax_rate", "credit_limit", "price_level"})
    name: str | None = Field(default=None, max_length=100)
    kind: Kind | None = None
    contacts: list[ContactWrite] | None = Field(
        default=None, max_length=50, description="replaces all"
    )
    address: str | None = Field(default=None, max_length=200)
    tax_number: str | None = Field(default=None, max_length=30)
    tax_rate: DecimalIn | None = None
    payment_terms_days: int | None = None
    credit_limit: DecimalIn | None = None
    price_level: int | None = None
    strategic: bool | None = None
    active: bool | None = None


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    name: str
    phone: str
    email: str
    position: str


class PartnerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    id: int
    code: str
    name: str
    kind: Kind
    contacts: list[ContactRead]
    address: str
    tax_number: str
    tax_rate: DecimalOut | None
    payment_terms_days: int
    credit_limit: MoneyOut | None
    price_level: int | None
    price_level_name: str | None = Field(description="the level's name (零售价, 批发价 …)")
    strategic: bool
    active: bool
    created_at: datetime
    updated_at: datetime


class PartnerList(BaseModel):
    data: list[PartnerRead]
    count: int


@router.get("", response_model=PartnerList)
def list_partners(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=100, description="code, name, pinyin initials, contact")
    ] = None,
    kind: Annotated[
        Kind | None, Query(description="customer and supplier include partners that are both")
    ] = None,
    active: bool | None = None,
    strategic: bool | None = None,
) -> PartnerList:
    """Customers and suppliers, by code."""
    rows, count = queries.list_partners(
        session,
        actor,
        q=q,
        kind=None if kind is None else PartnerKind(kind),
        active=active,
        strategic=strategic,
        limit=page.limit,
        offset=page.offset,
    )
    return PartnerList(data=[PartnerRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=PartnerRead, status_code=201)
@replies.created(Partner, "/partners/{new.code}")
def create_partner(
    body: PartnerCreate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> PartnerRead:
    """Add a customer (customer.write), a supplier (supplier.write) or both (both)."""
    partner = service.create_partner(service.PartnerData(**_fields(body.model_dump())), actor, uow)
    return PartnerRead.model_validate(queries.get_partner(session, actor, partner.code))


@router.get("/{ref}", response_model=PartnerRead)
def get_partner(ref: str, session: ReadSession, actor: CurrentActor) -> PartnerRead:
    """One partner by code or id."""
    return PartnerRead.model_validate(queries.get_partner(session, actor, ref))


@router.patch("/{ref}", response_model=PartnerRead)
@replies.resource("/partners/{ref}")
def update_partner(
    ref: str, body: PartnerUpdate, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> PartnerRead:
    """Change the fields given; `contacts` replaces the list; the code stays."""
    changes = _fields(body.model_dump(exclude_unset=True))
    partner = service.update_partner(ref, changes, actor, uow)
    return PartnerRead.model_validate(queries.get_partner(session, actor, partner.code))


@router.delete("/{ref}", status_code=204)
def delete_partner(ref: str, uow: UowDep, actor: CurrentActor) -> None:
    """Delete an unused partner; one in use gets 409 `in_use` (deactivate it instead)."""
    service.delete_partner(ref, actor, uow)


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    if body.get("contacts") is not None:
        body["contacts"] = tuple(service.ContactData(**c) for c in body["contacts"])
    return body
