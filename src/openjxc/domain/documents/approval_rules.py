"""Approval rules (审批流): which steps a document needs, and who may take each step.

A rule applies to one document type, optionally only from an amount (价税合计 ≥ min_amount)
and only under a condition (a sale below the minimum price, a sales order over the customer's
credit limit). Its steps are taken in order, each by a role or a named user. No rule: one
approval by anyone holding the approve permission — except write-offs and overages, which by
default need two steps by two different holders of the approve permission. With steps, the
creator never approves their own document, each step is a different person, and posting
happens only at the last step.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openjxc.domain.documents.types import RULES, TRADE_TYPES, DocumentType
from openjxc.domain.shared.errors import ValidationError


class Condition(StrEnum):
    """When a rule applies besides its type and amount (found when the document is submitted)."""

    BELOW_MIN_PRICE = "below_min_price"  # a sale line priced under the product's 最低售价
    CREDIT_OVERRIDE = "credit_override"  # a sales order over the customer's 信用额度


#: the document types each condition can be found on
CONDITION_TYPES: dict[Condition, frozenset[DocumentType]] = {
    Condition.BELOW_MIN_PRICE: frozenset({DocumentType.SALES_ORDER, DocumentType.SALES_DELIVERY}),
    Condition.CREDIT_OVERRIDE: frozenset({DocumentType.SALES_ORDER}),
}


@dataclass(frozen=True)
class Step:
    role: str | None = None
    user_id: int | None = None
    anyone: bool = False  # built-in default steps: anyone who may approve the document type

    def __post_init__(self) -> None:
        chosen = (self.role is not None) + (self.user_id is not None) + self.anyone
        if chosen != 1:
            raise ValidationError("step_needs_role_or_user", field="steps")

    def allows(self, user_id: int | None, roles: Sequence[str]) -> bool:
        if self.anyone:
            return True  # the approve permission is checked by the service
        if self.user_id is not None:
            return user_id == self.user_id
        return self.role in roles

    @property
    def approver(self) -> str:
        """Who takes this step, for messages."""
        if self.anyone:
            return "any approver"
        return self.role or f"user {self.user_id}"


@dataclass(frozen=True)
class Rule:
    id: int
    document_type: str
    min_amount: Decimal | None
    steps: tuple[Step, ...]
    condition: str | None = None

    def applies(self, amount: Decimal, conditions: Collection[str]) -> bool:
        """Whether a document of the rule's type with this total and these conditions (found
        when it entered approval) falls under it."""
        return (self.min_amount is None or amount >= self.min_amount) and (
            self.condition is None or self.condition in conditions
        )


def check_rule(
    document_type: DocumentType, min_amount: Decimal | None, condition: str | None
) -> None:
    """Refuse a rule that could never apply: an amount on a type without prices, a condition
    that cannot be found on the type."""
    if min_amount is not None and min_amount < 0:
        raise ValidationError("negative", field="min_amount")
    if min_amount is not None and document_type not in TRADE_TYPES:
        raise ValidationError("rule_amount_needs_prices", document_type=document_type.value)
    if condition is None:
        return
    try:
        found = Condition(condition)
    except ValueError:
        raise ValidationError("invalid_choice", field="condition", value=condition) from None
    if document_type not in CONDITION_TYPES[found]:
        raise ValidationError(
            "rule_condition_not_for_type", condition=found.value, document_type=document_type.value
        )


def by_precedence(rules: Iterable[Rule], document_type: str) -> list[Rule]:
    """The rules of a document type, the one that wins first when several apply: one whose
    condition holds before one without, then the highest threshold met, then the newest."""
    return sorted(
        (r for r in rules if r.document_type == document_type),
        key=lambda r: (r.condition is not None, r.min_amount is not None, r.min_amount or 0, r.id),
        reverse=True,
    )


def rule_for(
    rules: Sequence[Rule], document_type: str, amount: Decimal, conditions: Iterable[str] = ()
) -> Rule | None:
    """The most specific rule that applies (the first by precedence), or None."""
    found = set(conditions)
    return next((r for r in by_precedence(rules, document_type) if r.applies(amount, found)), None)


def default_steps(document_type: str) -> tuple[Step, ...]:
    """Without a rule: write-offs and overages take two approvers, other types one approval."""
    count = RULES[DocumentType(document_type)].approval_steps
    return (Step(anyone=True),) * count if count > 1 else ()


def steps_for(
    rules: Sequence[Rule], document_type: str, amount: Decimal, conditions: Iterable[str] = ()
) -> tuple[Step, ...]:
    """The steps a document needs: its rule's, or the type's default."""
    rule = rule_for(rules, document_type, amount, conditions)
    return rule.steps if rule is not None else default_steps(document_type)
