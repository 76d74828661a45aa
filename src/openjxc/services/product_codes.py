"""Product codes made by the configured rule (setting ``product_code_rule``)."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.code_rule import DEFAULT_RULE, CodeRule
from openjxc.services.categories import category_path
from openjxc.services.unit_of_work import UnitOfWork

SETTING = "product_code_rule"


def next_product_code(category: Category | None, uow: UnitOfWork) -> str:
    """The next free code for a product in ``category`` (inside the caller's transaction).

    The counter row is locked by the increment, so concurrent creations get distinct
    numbers; codes typed by hand that happen to match are skipped.
    """
    rule = CodeRule.parse(uow.settings.get(SETTING, DEFAULT_RULE))
    path = category_path(category, uow)
    counter = f"product_code:{rule.prefix(path)}"
    while True:
        code = rule.render(path, uow.counters.next_value(counter))
        if uow.products.by_code(code) is None:
            return code


def get_product_code_rule(actor: Actor, uow: UnitOfWork) -> str:
    """The rule in force (the default until one is set)."""
    actor.require(Permission.CATALOG_READ)
    with uow:
        return str(uow.settings.get(SETTING, DEFAULT_RULE))


def set_product_code_rule(rule: str, actor: Actor, uow: UnitOfWork) -> str:
    """Change the rule for codes generated from now on; existing codes stay."""
    actor.require(Permission.SYSTEM_ADMIN)
    checked = CodeRule.parse(rule).template
    with uow:
        before = uow.settings.get(SETTING, DEFAULT_RULE)
        if before != checked:
            uow.settings.put(SETTING, checked)
            uow.audit.record(
                actor, "setting.update", "setting", SETTING, {"value": before}, {"value": checked}
            )
        uow.commit()
    return checked
