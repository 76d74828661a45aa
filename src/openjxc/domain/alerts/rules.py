"""Alert rules: each fires once when its subject crosses the line and re-arms on recovery.

A rule watches subjects (a product in a warehouse, a batch, an order, a customer). The jobs
observe which subjects are across the line *now*; :func:`changes` compares that with what
has already fired (the state kept per rule × subject) and says which to fire and which to
re-arm. A subject that stays across the line is not told again, however often it is checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    BELOW_SAFETY = "below_safety"  # 低于安全库存
    ABOVE_MAX = "above_max"  # 高于最高库存
    BATCH_EXPIRING = "batch_expiring"  # 批次临期
    PURCHASE_ORDER_OVERDUE = "purchase_order_overdue"  # 采购订单逾期未到货
    RECEIVABLE_OVERDUE = "receivable_overdue"  # 应收款逾期


#: who is told, by built-in role (a store manager only of what is in their scope)
RECIPIENT_ROLES: dict[Rule, frozenset[str]] = {
    Rule.BELOW_SAFETY: frozenset({"admin", "purchasing", "warehouse", "store_manager"}),
    Rule.ABOVE_MAX: frozenset({"admin", "purchasing", "warehouse", "store_manager"}),
    Rule.BATCH_EXPIRING: frozenset({"admin", "warehouse", "store_manager"}),
    Rule.PURCHASE_ORDER_OVERDUE: frozenset({"admin", "purchasing", "store_manager"}),
    Rule.RECEIVABLE_OVERDUE: frozenset({"admin", "finance", "store_manager"}),
}


@dataclass(frozen=True)
class Observation:
    """A subject found across a rule's line, with the message to send if it fires.

    ``subject`` is the subject's stable key within the rule (ids, never codes people may
    edit); ``warehouse_id``/``organisation_id`` place it for data scope (either may be None
    when the subject has none: a customer's receivable belongs to an organisation only).
    """

    rule: Rule
    subject: str
    title: str
    body: str
    link: str
    warehouse_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Changes:
    fire: tuple[Observation, ...]  # newly across the line: tell the recipients
    rearm: tuple[str, ...]  # back within it: the next crossing fires again


def changes(fired: Iterable[str], observed: Iterable[Observation]) -> Changes:
    """What to fire and what to re-arm, given the subjects that have fired and not
    recovered (``fired``) and those across the line now (``observed``)."""
    active = set(fired)
    now: dict[str, Observation] = {}
    for observation in observed:
        now.setdefault(observation.subject, observation)
    fire = tuple(o for key, o in sorted(now.items()) if key not in active)
    rearm = tuple(sorted(active - now.keys()))
    return Changes(fire, rearm)


def is_recipient(rule: Rule, roles: Iterable[str]) -> bool:
    """Whether a user with ``roles`` is told of the rule's firings."""
    return not RECIPIENT_ROLES[rule].isdisjoint(roles)
