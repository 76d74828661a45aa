"""The credit check (信用额度) of a sales order, on submit and on approval.

Open receivables + approved orders not yet delivered + this order > the customer's limit is
refused with the figures (in the message and, for programs, in ``details``: limit, receivables,
open orders, this order, their sum and the excess), unless the caller holds the override permission; an override is
written to the audit log with the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import MONEY_SCALE, ZERO, fixed, round_money
from openjxc.domain.trading.accounts import Account
from openjxc.services.trading import quantities
from openjxc.services.trading.posting import total
from openjxc.services.unit_of_work import UnitOfWork


def check_credit(uow: UnitOfWork, doc: Document, actor: Actor, authorised: bool = False) -> None:
    """Refuse an order over the limit unless the caller may override it, or the steps of a
    ``credit_override`` approval rule were taken (``authorised``); an override is audited."""
    figures = credit_excess(uow, doc)
    if figures is None:
        return
    if not (authorised or actor.can(Permission.CREDIT_OVERRIDE)):
        raise ValidationError(
            "credit_limit_exceeded", details=[{"code": "credit_figures", **figures}], **figures
        )
    uow.audit.record(actor, "document.credit_override", "document", doc.number, after=figures)


def credit_excess(uow: UnitOfWork, doc: Document) -> dict[str, Any] | None:
    """The figures when this order takes the customer over the credit limit, else None."""
    partner = uow.partners.get(doc.partner_id or 0)
    if partner is None or partner.credit_limit is None:
        return None
    open_ar = uow.partner_ledger.lock(partner.id or 0, Account.RECEIVABLE)
    open_orders = ZERO
    for order_id in uow.trade_lines.open_orders(partner.id or 0, DocumentType.SALES_ORDER):
        order = uow.documents.get(order_id)
        if order is not None and order.id != doc.id:
            open_orders += undelivered_value(uow, order)
    this = total(doc)
    exposure = open_ar + open_orders + this
    if exposure <= partner.credit_limit:
        return None
    return {
        "document": doc.number,
        "partner": partner.code,
        "partner_name": partner.name,
        "limit": _yuan(partner.credit_limit),
        "open_ar": _yuan(open_ar),
        "open_orders": _yuan(open_orders),
        "this_order": _yuan(this),
        "exposure": _yuan(exposure),
        "excess": _yuan(exposure - partner.credit_limit),
    }


def _yuan(amount: Decimal) -> str:
    return fixed(amount, MONEY_SCALE)


def undelivered_value(uow: UnitOfWork, order: Document) -> Decimal:
    """价税合计 of what an order has still to deliver."""
    done = quantities.done(uow, order)
    value = ZERO
    for line in order.active_lines:
        left = line.base_qty - done.get(line.id or 0, ZERO)
        if left > ZERO and line.base_qty:
            value += round_money(
                ((line.net_amount or ZERO) + (line.tax or ZERO)) * left / line.base_qty
            )
    return value
