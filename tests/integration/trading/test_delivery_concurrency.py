"""Two clerks delivering the last units of the same order at once (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.stock import stock_balances
from openjxc.services import organisations, partners, products, warehouses
from openjxc.services.inventory import approval, documents
from openjxc.services.trading import approval as trade_approval
from openjxc.services.trading import documents as trade_documents
from tests.integration.trading.conftest import doctor

DAY = date(2026, 10, 10)
CLERKS = 4


def test_concurrent_deliveries_of_one_order_never_exceed_it(system: System, admin: Actor) -> None:
    if system.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite takes one writer at a time)")
    uow = system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), admin, uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("W1", "主仓", "HQ"), admin, uow())
    products.create_product(products.ProductData("P1", "吐司", "个", list_price="15"), admin, uow())
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), admin, uow())
    opening = documents.create_document(
        documents.DocumentInput(
            "opening_stock", DAY, "W1", [documents.LineInput("P1", "100", unit_cost="10")]
        ),
        admin,
        uow(),
    )
    approval.approve_document(opening.number, admin, uow())
    order = trade_documents.create_trade_document(
        trade_documents.TradeInput(
            "sales_order", DAY, "W1", "C1", [trade_documents.TradeLineInput("P1", "10")]
        ),
        admin,
        uow(),
    )
    trade_approval.approve_trade_document(order.number, admin, uow())
    line = order.lines[0].id
    drafts = [
        trade_documents.create_trade_document(
            trade_documents.TradeInput(
                "sales_delivery",
                DAY,
                "W1",
                "C1",
                [trade_documents.TradeLineInput(qty="6", source_line=line)],
            ),
            admin,
            uow(),
        ).number
        for _ in range(CLERKS)
    ]
    gate = threading.Barrier(CLERKS)
    approved: list[str] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []

    def clerk(number: str) -> None:
        gate.wait()
        try:
            trade_approval.approve_trade_document(number, admin, uow())
            approved.append(number)
        except ValidationError as error:
            refused.append(error.code)
        except BaseException as error:
            unexpected.append(error)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert unexpected == []
    assert len(approved) == 1
    assert refused == ["over_delivery"] * (CLERKS - 1)
    with uow() as work:
        stored = work.documents.get_by(number=order.number)
        assert stored is not None
        assert stored.status.value == "partial"
    with system.read_sessions() as session:
        rows, _ = stock_balances(session, admin)
    assert (rows[0]["on_hand"], rows[0]["reserved"]) == (Decimal(94), Decimal(4))
    assert doctor(system) == []
