"""Approval rules (审批流): which steps a document needs, and who may take each step.

A rule applies to one document type, optionally only from an amount (价税合计 ≥ min_amount).
Its steps are taken in order, each by a role or a named user. No rule: one approval by
anyone holding the approve permission. With a rule, the creator never approves their own
document, and posting happens only at the last step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError


@dataclass(frozen=True)
class Step:
    role: str | None = None
    user_id: int | None = None

    def __post_init__(self) -> None:
        if (self.role is None) == (self.user_id is None):
            raise ValidationError("step_needs_role_or_user", field="steps")

    def allows(self, user_id: int | None, roles: Sequence[str]) -> bool:
        if self.user_id is not None:
            return user_id == self.user_id
        return self.role in roles


@dataclass(frozen=True)
class Rule:
    id: int
    document_type: str
    min_amount: Decimal | None
    steps: tuple[Step, ...]


def steps_for(rules: Sequence[Rule], document_type: str, amount: Decimal) -> tuple[Step, ...]:
    """The steps of the most specific rule that applies (highest threshold met)."""
    matching = [
        r
        for r in rules
        if r.document_type == document_type and (r.min_amount is None or amount >= r.min_amount)
    ]
    if not matching:
        return ()
    best = max(matching, key=lambda r: (r.min_amount is not None, r.min_amount or 0, r.id))
    return best.steps
