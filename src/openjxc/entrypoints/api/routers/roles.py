"""Roles and the permissions they grant."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.user import Role
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, UowDep, new_router
from openjxc.queries import access as queries
from openjxc.services import idempotency
from openjxc.services import users as service

router = new_router(prefix="/roles", tags=["users"])


class RoleRead(BaseModel):
    code: str
    name: str
    name_en: str
    permissions: list[str]
    builtin: bool


class RoleList(BaseModel):
    data: list[RoleRead]
    count: int
    permissions: list[str] = Field(description="every permission a role can grant")


class RoleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=32)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=64)
    permissions: list[str] = Field(max_length=100)


class RoleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    permissions: list[str] = Field(max_length=100)


@router.get("", response_model=RoleList)
def list_roles(session: ReadSession, actor: CurrentActor) -> RoleList:
    """Built-in and custom roles."""
    rows = queries.list_roles(session, actor)
    return RoleList(
        data=[RoleRead.model_validate(r) for r in rows],
        count=len(rows),
        permissions=[str(p) for p in Permission],
    )


def _created(written: idempotency.Written, _params: Mapping[str, str]) -> RoleRead | None:
    role = replies.only(written.inserted, Role)
    return None if role is None else RoleRead.model_validate(role, from_attributes=True)


def _changed(written: idempotency.Written, params: Mapping[str, str]) -> RoleRead | None:
    roles = [r for r in written.present if isinstance(r, Role) and r.code == params["code"]]
    return RoleRead.model_validate(roles[0], from_attributes=True) if len(roles) == 1 else None


@router.post("", response_model=RoleRead, status_code=201)
@replies.built(_created)
def create_role(body: RoleCreate, uow: UowDep, actor: CurrentActor) -> RoleRead:
    """A custom role."""
    role = service.create_role(body.code, body.name, body.permissions, actor, uow, body.name_en)
    return RoleRead.model_validate(role, from_attributes=True)


@router.patch("/{code}", response_model=RoleRead)
@replies.built(_changed)
def update_role(code: str, body: RoleUpdate, uow: UowDep, actor: CurrentActor) -> RoleRead:
    """Change a custom role's permissions (built-in roles are fixed)."""
    role = service.update_role(code, body.permissions, actor, uow)
    return RoleRead.model_validate(role, from_attributes=True)
