"""The approval-rule conditions of a trading document (below minimum price, credit override),
found when it enters approval, and whether its rule's steps authorise them."""

from __future__ import annotations

from openjxc.domain.documents.approval_rules import Condition
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.services.approvals import document_rule
from openjxc.services.trading.credit import credit_excess
from openjxc.services.trading.prices import lines_below_minimum
from openjxc.services.unit_of_work import UnitOfWork


def enter_approval(uow: UnitOfWork, doc: Document) -> None:
    """Before its first step: note the conditions its rules ask about (only those: the credit
    check reads the customer's open items). A red-letter document has none: it takes back
    what was approved, and only its amount decides its steps."""
    if doc.approval_step or doc.red_letter:
        return
    asked = {r.condition for r in uow.approval_rules.rules(doc.type.value) if r.condition}
    found = []
    over_credit = Condition.CREDIT_OVERRIDE in asked and doc.type is DocumentType.SALES_ORDER
    if over_credit and credit_excess(uow, doc) is not None:
        found.append(Condition.CREDIT_OVERRIDE.value)
    if Condition.BELOW_MIN_PRICE in asked and lines_below_minimum(uow, doc):
        found.append(Condition.BELOW_MIN_PRICE.value)
    doc.approval_conditions = ",".join(found)


def authorised(uow: UnitOfWork, doc: Document, condition: Condition) -> bool:
    """Is the rule in force one conditioned on ``condition`` (its steps are the override)?"""
    rule = document_rule(uow, doc)
    return rule is not None and rule.condition == condition.value
