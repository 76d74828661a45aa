"""POST /auth/token: username + password -> bearer token."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import ClientAddress, CurrentActor, SystemDep, new_router
from openjxc.entrypoints.api.schemas import Body
from openjxc.services import auth

router = new_router(prefix="/auth", tags=["auth"])


class LoginRequest(Body):
    model_config = ConfigDict(extra="ignore")  # as it always was: clients may send more
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime | None


class MeRead(BaseModel):
    user_id: int | None
    username: str
    roles: list[str]
    permissions: list[str]
    organisation_ids: list[int] | None
    warehouse_ids: list[int] | None
    language: str


@router.post("/token", response_model=TokenRead)
@replies.secret
def issue_token(body: LoginRequest, system: SystemDep, address: ClientAddress) -> TokenRead:
    """Log in: returns a bearer token valid for a working day."""
    issued = auth.login(body.username, body.password, address, system.uow(), system.settings)
    return TokenRead(access_token=issued.token, expires_at=issued.expires_at)


@router.get("/me", response_model=MeRead)
def me(actor: CurrentActor) -> MeRead:
    """Who the token belongs to, and what it may do."""
    return MeRead(
        user_id=actor.user_id,
        username=actor.username,
        roles=list(actor.roles),
        permissions=sorted(actor.permissions),
        organisation_ids=None if actor.organisation_ids is None else sorted(actor.organisation_ids),
        warehouse_ids=None if actor.warehouse_ids is None else sorted(actor.warehouse_ids),
        language=actor.language,
    )
