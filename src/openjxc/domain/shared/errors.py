"""Typed domain errors with stable machine codes.

An error carries a code (``insufficient_stock``) and parameters; the entrypoints turn it into
an HTTP status and a message in the user's language (see ``openjxc.i18n``). ``details`` holds
one entry per offending field or line, each itself ``{"code", "field"?, ...params}``.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause. ``kind`` decides the HTTP status."""

    kind = "invalid"

    def __init__(self, code: str, details: list[dict[str, Any]] | None = None, **params: Any):
        self.code = code
        self.params = params
        self.details = details or []
        super().__init__(code, params)

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.code}({extra})" if extra else self.code


class ValidationError(DomainError):
    """Input that breaks a rule: a bad number, a missing name, a unit factor of zero."""

    kind = "invalid"


class NotFound(DomainError):
    kind = "not_found"

    def __init__(self, entity: str, key: object):
        super().__init__("not_found", entity=entity, key=str(key))


class Conflict(DomainError):
    """The request is well-formed but clashes with existing data (a duplicate code)."""

    kind = "conflict"


class TransientError(DomainError):
    """The database gave up on a transaction through no fault of the input (a serialization
    failure, a deadlock, a busy SQLite file). Use cases retry it; a user sees it only when
    every retry failed."""

    kind = "conflict"

    def __init__(self, reason: str = ""):
        super().__init__("transient_conflict")
        self.reason = reason


class PermissionDenied(DomainError):
    kind = "forbidden"

    def __init__(self, permission: str, **params: Any):
        super().__init__("forbidden", permission=permission, **params)


class Unauthenticated(DomainError):
    kind = "unauthenticated"


class TooManyAttempts(DomainError):
    kind = "throttled"
