"""Demo trading: a purchase received, a sale delivered and partly paid, orders still open.

So that 采购, 销售, 财务, the 审批中心 and the reports have something to show at once:
an order received in full, an order past its expected date (an alert on 首页), a sales
order delivered from the store with money received against it, and a sales order waiting
for approval. Each document is marked in its remarks; one already there is not made again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services.trading import dispatch, payments
from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document
from openjxc.services.unit_of_work import UnitOfWork

MARKER = "演示交易"


@dataclass(frozen=True)
class _Step:
    """A document to create (from the documents of earlier steps), and how far to take it."""

    key: str
    make: Callable[[date, dict[str, str]], TradeInput | payments.PaymentInput]
    then: str  # "approve" or "submit"


def _steps(today: date) -> list[_Step]:
    first = today.replace(day=1)
    return [
        _Step(
            "po",
            lambda day, _: TradeInput(
                "purchase_order",
                day,
                "CW",
                "GYS002",
                [
                    TradeLineInput("01020001", "20", "袋", "150.00"),
                    TradeLineInput("01020002", "10", "袋", "145.00"),
                ],
                expected_date=day + timedelta(days=3),
            ),
            "approve",
        ),
        _Step(
            "receipt",
            lambda day, made: TradeInput(
                "purchase_receipt", day, "CW", "GYS002", from_documents=[made["po"]]
            ),
            "approve",
        ),
        _Step(
            "late_po",
            lambda _, __: TradeInput(
                "purchase_order",
                first,
                "CW",
                "GYS001",
                [TradeLineInput("01010001", "24", "盒", "38.50")],
                expected_date=first + timedelta(days=1),
            ),
            "approve",
        ),
        _Step(
            "so",
            lambda day, _: TradeInput(
                "sales_order",
                day,
                "S01",
                "KH002",
                [TradeLineInput("02010001", "1", "箱", "288.00")],
            ),
            "approve",
        ),
        _Step(
            "delivery",
            lambda day, made: TradeInput(
                "sales_delivery", day, "S01", "KH002", from_documents=[made["so"]]
            ),
            "approve",
        ),
        _Step(
            "receipt_of_money",
            lambda day, _: payments.PaymentInput(
                "customer_receipt", day, "KH002", "100.00", method="微信"
            ),
            "approve",
        ),
        _Step(
            "waiting_so",
            lambda day, _: TradeInput(
                "sales_order", day, "CW", "KH001", [TradeLineInput("01020002", "5", "袋", "180.00")]
            ),
            "submit",
        ),
    ]


def load_demo_trade(new_uow: Callable[[], UnitOfWork], actor: Actor) -> int:
    """Create each demo trading document unless it is there; return how many were made."""
    today = clock.today()
    steps = _steps(today)
    made: dict[str, str] = {}
    created = 0
    for i, step in enumerate(steps, start=1):
        marker = f"{MARKER} {i}/{len(steps)}"
        data = step.make(today, made)
        is_payment = isinstance(data, payments.PaymentInput)
        with new_uow() as uow:
            found = (uow.payments if is_payment else uow.documents).get_by(remarks=marker)
        if found is not None:
            made[step.key] = found.number
            continue
        if isinstance(data, payments.PaymentInput):
            payment = payments.create_payment(replace(data, remarks=marker), actor, new_uow())
            payments.approve_payment(payment.number, None, actor, new_uow())  # oldest first
            made[step.key] = payment.number
        else:
            doc = create_trade_document(replace(data, remarks=marker), actor, new_uow())
            act = dispatch.approve_document if step.then == "approve" else dispatch.submit_document
            act(doc.number, actor, new_uow())
            made[step.key] = doc.number
        created += 1
    return created
