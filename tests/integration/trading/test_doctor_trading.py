"""Doctor finds a broken reservation, a partner balance off its ledger, an over-settlement."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from openjxc.adapters.db.tables import inventory, trading
from openjxc.bootstrap import System
from tests.integration.trading.conftest import act, create, doctor, ok


def test_doctor_names_each_trading_discrepancy(trade: TestClient, system: System) -> None:
    stock = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P1", "qty": "10", "unit_cost": "10"}],
            },
        ),
        201,
    )
    act(trade, stock["number"], "approve")
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "4", "price": "15"}])
    act(trade, order["number"], "approve")
    ok(
        trade.post(
            "/api/v1/partner-ledger/opening",
            json={"partner": "C1", "account": "receivable", "amount": "100", "date": "2026-10-01"},
        ),
        201,
    )
    money = ok(
        trade.post(
            "/api/v1/payments",
            json={
                "type": "customer_receipt",
                "date": "2026-10-02",
                "partner": "C1",
                "amount": "60",
            },
        ),
        201,
    )
    ok(trade.post(f"/api/v1/payments/{money['number']}/approve"))
    assert doctor(system) == []
    with system.engine.begin() as connection:
        connection.execute(update(inventory.stock_balance).values(reserved=1))
        connection.execute(update(trading.partner_balance).values(balance=1))
        connection.execute(update(trading.settlement).values(amount=150))
    problems = doctor(system)
    assert any("reserved 1" in p and "demand 4" in p for p in problems), problems
    assert any("balance 1" in p and "entries sum to 40" in p for p in problems), problems
    assert any("settled 150" in p for p in problems), problems


def test_doctor_finds_an_order_whose_status_or_deliveries_disagree_with_its_lines(
    trade: TestClient, system: System
) -> None:
    stock = ok(
        trade.post(
            "/api/v1/documents",
            json={
                "type": "opening_stock",
                "date": "2026-10-01",
                "warehouse": "W1",
                "lines": [{"product": "P1", "qty": "10", "unit_cost": "10"}],
            },
        ),
        201,
    )
    act(trade, stock["number"], "approve")
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "4", "price": "15"}])
    act(trade, order["number"], "approve")
    delivery = create(
        trade, "sales_delivery", "C1", [{"source_line": order["lines"][0]["id"], "qty": "3"}]
    )
    act(trade, delivery["number"], "approve")
    assert doctor(system) == []
    d, ln = inventory.document, inventory.document_line
    with system.engine.begin() as connection:
        connection.execute(
            update(d).where(d.c.number == order["number"]).values(status="completed")
        )
    assert f"document {order['number']}: status completed, its lines make it partial" in doctor(
        system
    )
    with system.engine.begin() as connection:
        connection.execute(update(d).where(d.c.number == order["number"]).values(status="partial"))
        connection.execute(
            update(ln).where(ln.c.id == delivery["lines"][0]["id"]).values(base_qty=5)
        )
    problems = doctor(system)
    assert f"document {order['number']} line 1: 5 delivered of 4" in problems, problems
