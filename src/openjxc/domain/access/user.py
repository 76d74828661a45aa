"""Users, roles and API tokens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import ValidationError

MIN_PASSWORD_LENGTH = 8


def check_password_strength(password: str) -> None:
    """At least 8 characters besides leading and trailing spaces, not only digits or only
    letters, and not one of the 30,000 most common passwords (zxcvbn's list, any case)."""
    core = password.strip()
    if len(core) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password_too_short", field="password", min_length=MIN_PASSWORD_LENGTH
        )
    if core.isdigit() or core.isalpha():
        raise ValidationError("password_too_simple", field="password")
    if core.lower() in _common_passwords():
        raise ValidationError("password_too_common", field="password")


@cache
def _common_passwords() -> Mapping[str, int]:
    """zxcvbn's ranked list of common passwords (loaded on first use: its word lists take a
    noticeable part of a second to import, which no command that sets no password should pay)."""
    from zxcvbn.matching import RANKED_DICTIONARIES

    passwords: Mapping[str, int] = RANKED_DICTIONARIES["passwords"]
    return passwords


@dataclass(eq=False)
class Role:
    code: str
    name: str
    name_en: str
    permissions: list[str]
    builtin: bool = False

    def grants(self) -> frozenset[str]:
        return frozenset(self.permissions)

    def grants_permission(self, permission: Permission) -> bool:
        return str(permission) in self.permissions

    def set_permissions(self, permissions: list[str]) -> None:
        known = {str(p) for p in Permission}
        unknown = [p for p in permissions if p not in known]
        if unknown:
            raise ValidationError(
                "unknown_permission", field="permissions", value=", ".join(unknown)
            )
        self.permissions = sorted(set(permissions))


@dataclass(eq=False)
class User:
    username: str
    display_name: str
    password_hash: str
    roles: list[str] = field(default_factory=list)
    organisation_ids: list[int] | None = None
    warehouse_ids: list[int] | None = None
    own_documents_only: bool = False
    active: bool = True
    language: str = "zh-CN"
    id: int | None = None


@dataclass(eq=False)
class ApiToken:
    """A bearer token; only its SHA-256 is stored. ``permissions`` narrows the user's."""

    user_id: int
    name: str
    token_hash: str
    kind: str  # "login" (short-lived, from /auth/token), "api" (long-lived, revocable) or
    # "web" (a web session's, accepted only from its session cookie)
    created_at: datetime
    expires_at: datetime | None = None
    permissions: list[str] | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    id: int | None = None

    def is_valid(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
