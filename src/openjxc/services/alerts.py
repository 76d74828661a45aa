"""Use case of the alert jobs: fire what newly crossed a rule's line, re-arm what recovered.

The jobs observe (queries); this decides, in one transaction per check, what to tell and
whom: each firing is a notification for the active users whose role the rule names and
whose data scope holds the subject (a store manager hears only of their stores).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import User
from openjxc.domain.alerts.rules import Observation, Rule, changes, is_recipient
from openjxc.domain.shared import clock
from openjxc.services.unit_of_work import UnitOfWork


def record_alerts(
    observed: Mapping[Rule, Sequence[Observation]], uow: UnitOfWork
) -> dict[Rule, int]:
    """For each rule checked: its subjects across the line now (all of them: one missing
    counts as recovered). Returns how many fired per rule."""
    now = clock.now()
    fired: dict[Rule, int] = {}
    with uow:
        users = [u for u in uow.users.list_by(active=True) if u.id is not None]
        for rule, observations in observed.items():
            change = changes(uow.alert_states.fired(rule.value), observations)
            uow.alert_states.rearm(rule.value, list(change.rearm))
            uow.alert_states.fire(rule.value, [o.subject for o in change.fire], now)
            for message in change.fire:
                told = [u.id for u in users if u.id and _tells(u, message)]
                uow.notifications.add(message, told, now)
            fired[rule] = len(change.fire)
        uow.commit()
    return fired


def _tells(user: User, message: Observation) -> bool:
    if not is_recipient(message.rule, user.roles):
        return False
    # the user's data scope, as their requests would have it (the Actor's one rule)
    scope = Actor(
        user_id=user.id,
        username=user.username,
        permissions=frozenset(),
        organisation_ids=None
        if user.organisation_ids is None
        else frozenset(user.organisation_ids),
        warehouse_ids=None if user.warehouse_ids is None else frozenset(user.warehouse_ids),
    )
    if message.warehouse_id is not None:
        return scope.sees_warehouse(message.warehouse_id, message.organisation_id)
    return scope.sees_organisation(message.organisation_id)
