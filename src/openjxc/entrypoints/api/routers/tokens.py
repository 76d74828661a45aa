"""Long-lived API tokens: created once, stored hashed, revocable."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, IdPath, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries import access as queries
from openjxc.services import auth

router = new_router(prefix="/tokens", tags=["auth"])


class TokenCreate(Create):
    name: str = Field(max_length=100)
    username: str | None = Field(default=None, max_length=64, description="default: yourself")
    permissions: list[str] | None = Field(default=None, description="narrow the user's permissions")
    expires_at: AwareDatetime | None = None


class TokenCreated(BaseModel):
    id: int
    token: str = Field(description="shown once; store it safely")
    expires_at: datetime | None


class TokenRead(BaseModel):
    id: int
    name: str
    username: str
    permissions: list[str] | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenList(BaseModel):
    data: list[TokenRead]
    count: int


@router.get("", response_model=TokenList)
def list_tokens(session: ReadSession, actor: CurrentActor, all: bool = False) -> TokenList:
    """Your API tokens (administrators: `?all=true` for everyone's)."""
    rows = queries.list_tokens(session, actor, all)
    return TokenList(data=[TokenRead.model_validate(r) for r in rows], count=len(rows))


@router.post("", response_model=TokenCreated, status_code=201)
@replies.secret
def create_token(body: TokenCreate, uow: UowDep, actor: CurrentActor) -> TokenCreated:
    """Create an API token; the token text is returned only here."""
    issued = auth.create_api_token(
        actor,
        body.name,
        uow,
        username=body.username,
        permissions=body.permissions,
        expires_at=body.expires_at,
    )
    return TokenCreated(id=issued.id, token=issued.token, expires_at=issued.expires_at)


@router.delete("/{token_id}", status_code=204)
def revoke_token(token_id: IdPath, uow: UowDep, actor: CurrentActor) -> None:
    """Revoke a token; it stops working at once."""
    auth.revoke_token(token_id, actor, uow)
