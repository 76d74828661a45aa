"""Two clerks settling the same open charge at once (PostgreSQL): it is settled once."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries.trading.payments import get_payment
from openjxc.services import partners
from openjxc.services.trading import partner_ledger, payments
from tests.integration.trading.conftest import doctor

CLERKS = 4


def test_concurrent_payments_never_settle_a_charge_twice(system: System, admin: Actor) -> None:
    if system.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite takes one writer at a time)")
    partners.create_partner(partners.PartnerData("S1", "供应商", "supplier"), admin, system.uow())
    partner_ledger.create_opening_balance(
        partner_ledger.OpeningInput("S1", "payable", "100", date(2026, 10, 1)), admin, system.uow()
    )
    numbers = [
        payments.create_payment(
            payments.PaymentInput(
                "supplier_payment", date(2026, 10, 2), "S1", "100", prepayment=True
            ),
            admin,
            system.uow(),
        ).number
        for _ in range(CLERKS)
    ]
    gate = threading.Barrier(CLERKS)
    failures: list[BaseException] = []

    def clerk(number: str) -> None:
        gate.wait()
        try:
            payments.approve_payment(number, None, admin, system.uow())
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    with system.read_sessions() as session:
        settled = [get_payment(session, admin, n)["settled"] for n in numbers]
    assert sorted(settled) == [Decimal(0)] * (CLERKS - 1) + [Decimal(100)]
    assert doctor(system) == []
