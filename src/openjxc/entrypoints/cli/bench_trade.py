"""`jxc bench trade`: a day of mixed trading through the services vs. the same rows in raw SQL.

Each round is one order-to-cash and one purchase-to-pay cycle: a sales order (approved,
reserving), its delivery (stock out at cost, AR), a purchase order, its receipt (stock in,
AP), a customer receipt and a supplier payment each settling oldest first.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Annotated

import typer
from sqlalchemy import text

from openjxc.adapters.db.tables import inventory, trading
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.entrypoints.cli.bench import Url, _world, scratch
from openjxc.services import partners
from openjxc.services.trading import approval, payments
from openjxc.services.trading import documents as trade

DAY = date(2026, 2, 1)
LINES = 3  # per order


def _service_day(system: System, codes: list[str], rounds: int) -> tuple[float, int]:
    actor, uow = Actor.system(), system.uow
    lines = 0
    start = time.perf_counter()
    for i in range(rounds):
        picked = [codes[(i * LINES + j) % len(codes)] for j in range(LINES)]
        for order_type, fill_type, partner in (
            ("sales_order", "sales_delivery", "BC"),
            ("purchase_order", "purchase_receipt", "BS"),
        ):
            order = trade.create_trade_document(
                trade.TradeInput(
                    order_type,
                    DAY,
                    "W1",
                    partner,
                    [trade.TradeLineInput(code, "2", price="5") for code in picked],
                ),
                actor,
                uow(),
            )
            approval.approve_trade_document(order.number, actor, uow())
            fill = trade.create_trade_document(
                trade.TradeInput(fill_type, DAY, "W1", partner, from_documents=[order.number]),
                actor,
                uow(),
            )
            approval.approve_trade_document(fill.number, actor, uow())
            lines += 2 * LINES
        for kind, partner in (("customer_receipt", "BC"), ("supplier_payment", "BS")):
            money = payments.create_payment(
                payments.PaymentInput(kind, DAY, partner, "10"), actor, uow()
            )
            payments.approve_payment(money.number, None, actor, uow())
            lines += 1
    return time.perf_counter() - start, lines


def _raw_day(system: System, codes: list[str], rounds: int) -> float:
    """The same rows in plain SQL: documents and lines, moves and balances, entries,
    payments and settlements."""
    d, ln, m, sb = (
        inventory.document,
        inventory.document_line,
        inventory.stock_move,
        inventory.stock_balance,
    )
    e, pb, pay, s = (
        trading.partner_entry,
        trading.partner_balance,
        trading.payment,
        trading.settlement,
    )
    with system.engine.connect() as connection:
        ids: dict[str, int] = dict(connection.execute(text("select code, id from product")).all())
        refs: dict[str, int] = dict(connection.execute(text("select code, id from partner")).all())
        warehouse = connection.execute(text("select id from warehouse where code = 'W1'")).scalar()
        organisation = connection.execute(
            text("select id from organisation where code = 'HQ'")
        ).scalar()
    now = clock.now()
    start = time.perf_counter()
    n = 0

    def document(connection: object, kind: str, partner: int) -> int:
        nonlocal n
        n += 1
        return connection.execute(  # type: ignore[attr-defined,no-any-return]
            d.insert()
            .values(
                type=kind,
                number=f"RAW{n:08d}",
                date=DAY,
                status="approved",
                organisation_id=organisation,
                warehouse_id=warehouse,
                partner_id=partner,
                created_at=now,
                updated_at=now,
            )
            .returning(d.c.id)
        ).scalar()

    for i in range(rounds):
        picked = [ids[codes[(i * LINES + j) % len(codes)]] for j in range(LINES)]
        for order_kind, fill_kind, partner_code, sign in (
            ("sales_order", "sales_delivery", "BC", -1),
            ("purchase_order", "purchase_receipt", "BS", 1),
        ):
            partner = refs[partner_code]
            with system.engine.begin() as connection:
                order = document(connection, order_kind, partner)
                order_lines = [
                    connection.execute(
                        ln.insert()
                        .values(
                            document_id=order,
                            line_no=j + 1,
                            product_id=p,
                            unit="个",
                            qty=Decimal(2),
                            factor=Decimal(1),
                            base_qty=Decimal(2),
                            price=Decimal(5),
                            tax_rate=Decimal("0.13"),
                            net_amount=Decimal(10),
                            tax=Decimal("1.3"),
                        )
                        .returning(ln.c.id)
                    ).scalar()
                    for j, p in enumerate(picked)
                ]
            with system.engine.begin() as connection:
                fill = document(connection, fill_kind, partner)
                for j, (p, source) in enumerate(zip(picked, order_lines, strict=True)):
                    line = connection.execute(
                        ln.insert()
                        .values(
                            document_id=fill,
                            line_no=j + 1,
                            product_id=p,
                            unit="个",
                            qty=Decimal(2),
                            factor=Decimal(1),
                            base_qty=Decimal(2),
                            price=Decimal(5),
                            tax_rate=Decimal("0.13"),
                            net_amount=Decimal(10),
                            tax=Decimal("1.3"),
                            source_line_id=source,
                        )
                        .returning(ln.c.id)
                    ).scalar()
                    after = connection.execute(
                        sb.update()
                        .where(sb.c.product_id == p, sb.c.warehouse_id == warehouse)
                        .values(on_hand=sb.c.on_hand + 2 * sign, value=sb.c.value + 5 * sign)
                        .returning(sb.c.on_hand, sb.c.value)
                    ).first()
                    assert after is not None
                    connection.execute(
                        m.insert().values(
                            document_id=fill,
                            line_id=line,
                            product_id=p,
                            warehouse_id=warehouse,
                            date=DAY,
                            qty=Decimal(2 * sign),
                            basis="cost",
                            created_at=now,
                            value=Decimal(5 * sign),
                            unit_cost=Decimal("2.5"),
                            qty_after=after.on_hand,
                            value_after=after.value,
                        )
                    )
                account = "receivable" if sign < 0 else "payable"
                connection.execute(
                    e.insert().values(
                        partner_id=partner,
                        account=account,
                        organisation_id=organisation,
                        date=DAY,
                        amount=Decimal("33.9"),
                        source=fill_kind,
                        number=f"RAW{n:08d}",
                        document_id=fill,
                        created_at=now,
                    )
                )
                connection.execute(
                    pb.update()
                    .where(pb.c.partner_id == partner, pb.c.account == account)
                    .values(balance=pb.c.balance + Decimal("33.9"))
                )
        for kind, partner_code, account in (
            ("customer_receipt", "BC", "receivable"),
            ("supplier_payment", "BS", "payable"),
        ):
            partner = refs[partner_code]
            with system.engine.begin() as connection:
                n += 1
                payment = connection.execute(
                    pay.insert()
                    .values(
                        type=kind,
                        number=f"RAWP{n:08d}",
                        date=DAY,
                        status="approved",
                        organisation_id=organisation,
                        partner_id=partner,
                        amount=Decimal(10),
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(pay.c.id)
                ).scalar()
                credit = connection.execute(
                    e.insert()
                    .values(
                        partner_id=partner,
                        account=account,
                        organisation_id=organisation,
                        date=DAY,
                        amount=Decimal(-10),
                        source=kind,
                        number=f"RAWP{n:08d}",
                        payment_id=payment,
                        created_at=now,
                    )
                    .returning(e.c.id)
                ).scalar()
                charge = connection.execute(
                    text(
                        "select id from partner_entry where partner_id = :p and amount > 0 "
                        "order by date, id limit 1"
                    ),
                    {"p": partner},
                ).scalar()
                connection.execute(
                    s.insert().values(
                        charge_entry_id=charge,
                        credit_entry_id=credit,
                        amount=Decimal(10),
                        created_at=now,
                    )
                )
                connection.execute(
                    pb.update()
                    .where(pb.c.partner_id == partner, pb.c.account == account)
                    .values(balance=pb.c.balance - Decimal(10))
                )
    return time.perf_counter() - start


def bench_trade(
    database_url: Url = None,
    rounds: Annotated[int, typer.Option(help="order-to-cash + purchase-to-pay cycles")] = 50,
) -> None:
    """A day of mixed trading (orders, deliveries, receipts, payments) vs. raw SQL."""
    actor = Actor.system()
    with scratch(database_url) as system:
        codes = _world(system, 60)
        for code, kind in (("BC", "customer"), ("BS", "supplier")):
            partners.create_partner(partners.PartnerData(code, code, kind), actor, system.uow())
        service, lines = _service_day(system, codes, rounds)
        raw = _raw_day(system, codes, rounds)
        typer.echo(f"database: {system.engine.dialect.name}")
        typer.echo(
            f"trade day: {lines / service:8.1f} lines/s   baseline {lines / raw:8.1f} lines/s   "
            f"ratio {raw / service:6.1%}  (target >= 20%)"
        )
