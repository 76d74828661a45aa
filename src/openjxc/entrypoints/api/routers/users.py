"""Users: accounts, roles, data scope, passwords."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import (
    ClientAddress,
    CurrentActor,
    PageDep,
    ReadSession,
    SystemDep,
    UowDep,
    new_router,
)
from openjxc.entrypoints.api.routers.auth import TokenRead
from openjxc.entrypoints.api.schemas import Body, Create, Patch
from openjxc.queries import access as queries
from openjxc.services import users as service

router = new_router(prefix="/users", tags=["users"])

Language = Literal["zh-CN", "en"]


class UserCreate(Create):
    username: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=100)
    password: str | None = Field(default=None, max_length=256, description="generated when omitted")
    roles: list[str] = Field(default_factory=list, max_length=20)
    organisation_ids: list[int] | None = Field(default=None, description="data scope; null = all")
    warehouse_ids: list[int] | None = Field(default=None, description="data scope; null = all")
    language: Language = "zh-CN"
    own_documents_only: bool = Field(
        default=False,
        description="仅本人单据: of trading documents and payments, only those the user made "
        "or is 业务员 on",
    )


class UserUpdate(Patch):
    nullable = frozenset({"organisation_ids", "warehouse_ids"})
    display_name: str | None = Field(default=None, max_length=100)
    roles: list[str] | None = Field(default=None, max_length=20)
    organisation_ids: list[int] | None = None
    warehouse_ids: list[int] | None = None
    active: bool | None = None
    language: Language | None = None
    own_documents_only: bool | None = None


class UserRead(BaseModel):
    id: int
    username: str
    display_name: str
    roles: list[str]
    organisation_ids: list[int] | None
    warehouse_ids: list[int] | None
    own_documents_only: bool = False
    active: bool
    language: str
    created_at: datetime | None = None


class UserCreated(UserRead):
    password: str = Field(description="shown once")


class UserList(BaseModel):
    data: list[UserRead]
    count: int


class PasswordSet(Body):
    password: str | None = Field(default=None, max_length=256, description="generated when omitted")


class PasswordChange(Body):
    old_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)
    keep_api_tokens: bool = Field(
        default=False, description="keep one's API tokens (every session ends regardless)"
    )


class PasswordResult(BaseModel):
    password: str


def _read(user: object) -> UserRead:
    return UserRead.model_validate(user, from_attributes=True)


@router.get("", response_model=UserList)
def list_users(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> UserList:
    """All users (user.manage)."""
    rows, count = queries.list_users(session, actor, q, page.limit, page.offset)
    return UserList(data=[UserRead.model_validate(r) for r in rows], count=count)


@router.post("", response_model=UserCreated, status_code=201)
@replies.secret
def create_user(body: UserCreate, uow: UowDep, actor: CurrentActor) -> UserCreated:
    """Create a user; the password (given or generated) is returned once."""
    data = service.UserData(
        username=body.username,
        display_name=body.display_name,
        password=body.password,
        roles=tuple(body.roles),
        organisation_ids=None if body.organisation_ids is None else tuple(body.organisation_ids),
        warehouse_ids=None if body.warehouse_ids is None else tuple(body.warehouse_ids),
        language=body.language,
        own_documents_only=body.own_documents_only,
    )
    user, password = service.create_user(data, actor, uow)
    return UserCreated(**_read(user).model_dump(), password=password)


@router.post("/me/password", response_model=TokenRead)
@replies.secret
def change_own_password(
    body: PasswordChange,
    uow: UowDep,
    actor: CurrentActor,
    system: SystemDep,
    address: ClientAddress,
) -> TokenRead:
    """Change one's own password: every session and (unless kept) API token ends; the
    reply is a new login token for the caller."""
    issued = service.change_own_password(
        actor,
        body.old_password,
        body.new_password,
        uow,
        system.settings,
        address=address,
        keep_api_tokens=body.keep_api_tokens,
    )
    return TokenRead(access_token=issued.token, expires_at=issued.expires_at)


@router.get("/{ref}", response_model=UserRead)
def get_user(ref: str, uow: UowDep, actor: CurrentActor) -> UserRead:
    """One user by username or id."""
    return _read(service.get_user(_ref(ref), actor, uow))


@router.patch("/{ref}", response_model=UserRead)
@replies.resource("/users/{ref}")
def update_user(ref: str, body: UserUpdate, uow: UowDep, actor: CurrentActor) -> UserRead:
    """Change roles, data scope, name, language or the active flag."""
    fields = body.model_dump(exclude_unset=True)
    for key in ("roles", "organisation_ids", "warehouse_ids"):
        if fields.get(key) is not None:
            fields[key] = tuple(fields[key])
    return _read(service.update_user(_ref(ref), actor, uow, **fields))


@router.post("/{ref}/password", response_model=PasswordResult)
@replies.secret
def set_password(ref: str, body: PasswordSet, uow: UowDep, actor: CurrentActor) -> PasswordResult:
    """An administrator sets or generates a user's password (and unlocks the account)."""
    return PasswordResult(password=service.set_password(_ref(ref), body.password, actor, uow))


def _ref(ref: str) -> int | str:
    return int(ref) if ref.isascii() and ref.isdigit() else ref
