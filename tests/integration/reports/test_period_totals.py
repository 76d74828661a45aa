"""The dashboard reads closed months from their stored totals (``period_total``) and gives
exactly the figures it computed live before the months were closed; ``jxc doctor``
recomputes the stored totals and reports a month that differs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import select, text

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import BUILTIN_ROLES
from openjxc.domain.shared import clock
from openjxc.queries.reports.dashboard import dashboard
from openjxc.services.inventory import periods
from tests.integration.inventory.conftest import Post, doctor
from tests.integration.reports.conftest import Traded

#: as-of days around the closed months: inside a closed month, the day after, mid-month,
#: the year's last day, the next year's first and a later day
DAYS = (
    date(2026, 10, 31),
    date(2026, 11, 1),
    date(2026, 11, 15),
    date(2026, 12, 31),
    date(2027, 1, 1),
    date(2027, 1, 20),
)


@pytest.fixture(autouse=True)
def february_2027(monkeypatch: pytest.MonkeyPatch) -> None:
    """Months up to January 2027 have ended and can be closed."""
    monkeypatch.setattr(clock, "today", lambda: date(2027, 2, 15))


@pytest.fixture
def closable(traded: Traded) -> Traded:
    """The traded history with its two unposted October documents voided: October can close."""
    from openjxc.services.trading import dispatch

    for key in ("ma_undone", "d3"):
        dispatch.void_document(traded.numbers[key], Actor.system(), traded.system.uow())
    return traded


def _actors(system: System) -> dict[str, Actor]:
    everything = Actor.system().permissions
    with system.read_sessions() as session:
        ids = dict(session.execute(select(catalog.warehouse.c.code, catalog.warehouse.c.id)).all())
        hq = session.scalar(select(catalog.organisation.c.id))
    return {
        "system": Actor.system(),
        "viewer": Actor(None, "viewer", frozenset(map(str, BUILTIN_ROLES["viewer"][2]))),
        "w1": Actor(None, "w1", everything, warehouse_ids=frozenset({ids["W1"]})),
        "w2": Actor(None, "w2", everything, warehouse_ids=frozenset({ids["W2"]})),
        "hq": Actor(None, "hq", everything, organisation_ids=frozenset({hq or 0})),
        "none": Actor(None, "none", everything, organisation_ids=frozenset({-1})),
    }


def _dashboards(system: System) -> dict[tuple[str, date], dict[str, Any]]:
    result = {}
    with system.read_sessions() as session:
        for name, actor in _actors(system).items():
            for day in DAYS:
                result[name, day] = dashboard(session, actor, day)
    return result


def _stored_months(system: System) -> list[str]:
    total = inventory.period_total
    with system.read_sessions() as session:
        return list(session.scalars(select(total.c.month).distinct().order_by(total.c.month)))


def test_closing_months_leaves_every_dashboard_figure_unchanged(closable: Traded) -> None:
    system, admin = closable.system, Actor.system()
    live = _dashboards(system)
    assert _stored_months(system) == ["2026-09"]  # the history closed September
    for month in ("2026-10", "2026-11", "2026-12"):
        periods.close_period(month, admin, system.uow())
        after = _dashboards(system)
        assert after == live, month
        assert repr(after) == repr(live), month  # the same digits too (as the API prints them)
    # October's trading is read from its stored totals now; every closed month stores its
    # closing stock value (November and December moved nothing)
    assert _stored_months(system) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert live["system", date(2026, 12, 31)]["periods"]["year"]["sales"] == D("290.00")
    assert doctor(system) == []


def test_a_reopened_month_takes_a_posting_and_closes_with_the_new_figures(
    closable: Traded, post: Post
) -> None:
    from openjxc.services.trading import dispatch, payments
    from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document

    system, admin = closable.system, Actor.system()
    periods.close_period("2026-10", admin, system.uow())
    periods.close_period("2026-11", admin, system.uow())
    before = _dashboards(system)
    periods.reopen_period("2026-11", admin, system.uow())
    periods.reopen_period("2026-10", admin, system.uow())
    assert _stored_months(system) == ["2026-09"]

    post("other_issue", ("MA", "5"), day=date(2026, 10, 31))
    sale = create_trade_document(
        TradeInput(
            "sales_delivery",
            date(2026, 10, 31),
            "W1",
            "C1",
            (TradeLineInput("KG", "2", price="7", tax_rate="0.13"),),
            tax_included=False,
        ),
        admin,
        system.uow(),
    )
    dispatch.approve_document(sale.number, admin, system.uow())
    paid = payments.create_payment(
        payments.PaymentInput("customer_receipt", date(2026, 10, 31), "C1", "10"),
        admin,
        system.uow(),
    )
    payments.approve_payment(paid.number, None, admin, system.uow())
    live = _dashboards(system)
    year = live["system", date(2026, 12, 31)]["periods"]["year"]
    was = before["system", date(2026, 12, 31)]["periods"]["year"]
    assert year["sales"] == was["sales"] + D("14.00")
    assert year["receipts"] == was["receipts"] + D("10.00")
    assert year["outbound_amount"] > was["outbound_amount"]

    periods.close_period("2026-10", admin, system.uow())
    periods.close_period("2026-11", admin, system.uow())
    assert _dashboards(system) == live
    assert doctor(system) == []


def test_doctor_reports_a_stored_total_that_differs(closable: Traded) -> None:
    system, admin = closable.system, Actor.system()
    periods.close_period("2026-10", admin, system.uow())
    assert doctor(system) == []
    with system.engine.begin() as connection:
        connection.execute(
            text(
                "update period_total set sales = sales + 100 "
                "where month = '2026-10' and source = 'trade'"
            )
        )
    assert doctor(system) == [
        "period 2026-10: stored month totals differ from the ledger and the documents"
    ]
    with system.read_sessions() as session:
        # the dashboard reads the stored (planted) figure: 1.00 more than the 290.00 sold
        year = dashboard(session, admin, date(2026, 12, 31))["periods"]["year"]
        assert year["sales"] == D("291.00")


def test_closing_a_later_month_closes_and_stores_the_skipped_months_each_on_its_own(
    closable: Traded,
) -> None:
    system, admin = closable.system, Actor.system()
    live = _dashboards(system)
    periods.close_period("2026-12", admin, system.uow())  # October and November skipped
    assert _stored_months(system) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert _dashboards(system) == live
    assert doctor(system) == []
    periods.reopen_period("2026-12", admin, system.uow())  # October and November stay closed
    assert _stored_months(system) == ["2026-09", "2026-10", "2026-11"]
    assert _dashboards(system) == live
    assert doctor(system) == []


def test_repair_rebuilds_the_stored_totals_as_each_close_stored_them(closable: Traded) -> None:
    """`jxc doctor --repair`: balances, batches, FIFO layers and the closed months' totals
    are rebuilt from the ledger (a rebuilt balance once came back 100 times its value)."""
    from openjxc.adapters.db.repair import rebuild_caches, rebuild_period_totals
    from openjxc.queries.reports.period_totals import month_totals

    system, admin = closable.system, Actor.system()
    periods.close_period("2026-12", admin, system.uow())  # after September: October–December
    live = _dashboards(system)

    def stored() -> list[tuple[Any, ...]]:
        with system.engine.connect() as connection:
            return [
                tuple(r)
                for r in connection.execute(
                    text(
                        "select * from period_total order by closed_month, month, source,"
                        " organisation_id, warehouse_id"
                    )
                )
            ]

    before = stored()
    with system.engine.begin() as connection:
        connection.execute(
            text("update period_total set sales = sales + 100 where month = '2026-10'")
        )
        connection.execute(text("delete from period_total where month = '2026-09'"))
        connection.execute(text("update stock_balance set on_hand = on_hand + 1000000"))
        connection.execute(text("update batch_balance set on_hand = on_hand + 1000000"))
        connection.execute(text("delete from fifo_layer"))
    assert len(doctor(system)) >= 5
    with system.write_sessions() as session:
        rebuild_caches(session)
        rebuild_period_totals(session, month_totals)
        session.commit()
    assert doctor(system) == []
    assert _dashboards(system) == live
    assert [r[1:] for r in stored()] == [r[1:] for r in before]  # all but the new row ids
